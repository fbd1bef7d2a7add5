import ArgumentParser
import Foundation

/// `rampart admin create-account`: another standalone account on this server, the way a new AWS
/// customer signs up; it can then create an organization or be invited into one.
struct CreateAccountCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-account",
        abstract: "Add a standalone account (its own IAM namespace and root user) to the server.")

    @OptionGroup var connection: AdminConnection

    @Option(name: .long, help: "The root user's email (sign-in name); unique on the server.")
    var email: String

    @Option(name: .long, help: "The account's name, as Organizations shows it.")
    var name: String?

    @Option(name: .long, help: "The root user's password; without one, root cannot sign in to the console.")
    var rootPassword: String?

    @Flag(name: .long, help: "Also create an access key for the root user and print it.")
    var rootAccessKey = false

    func run() async throws {
        var body: [String: Any] = ["Email": email, "CreateRootAccessKey": rootAccessKey]
        if let name { body["AccountName"] = name }
        if let rootPassword { body["RootPassword"] = rootPassword }
        let reply = try await connection.client().call("CreateStandaloneAccount", body)
        Output.line("Created account \(reply["AccountId"] as? String ?? "?") for \(email).")
        if let id = reply["RootAccessKeyId"] as? String, let secret = reply["RootSecretAccessKey"] as? String {
            Output.line("Root access key: \(id)")
            Output.line("Root secret access key: \(secret)")
        }
    }
}
