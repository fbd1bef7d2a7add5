import ArgumentParser
import Foundation

/// `rampart admin recover-root-password`: the root user's "Forgot password?", which on AWS mails a reset
/// link to the root email. Refused while centralized root access keeps the root without credentials.
struct RecoverRootPasswordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recover-root-password",
        abstract: "Set a new password for an account's root user, as password recovery by email would.")

    @OptionGroup var connection: AdminConnection

    @Option(name: .long, help: "The root user's email.")
    var email: String

    @Option(name: .long, help: "The new password.")
    var password: String

    func run() async throws {
        let reply = try await connection.client().call(
            "RecoverRootPassword", ["Email": email, "NewPassword": password])
        Output.line("Set a new root password for account \(reply["AccountId"] as? String ?? "?").")
    }
}
