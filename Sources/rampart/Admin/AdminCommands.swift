import ArgumentParser
import Foundation
import RampartServer

/// `rampart admin …`: Rampart's own administration, over its signed admin API.
struct Admin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Administer a running server (accounts, hardware MFA tokens, lockouts, MFA settings).",
        subcommands: [
            ImportHardwareMFA.self, ListHardwareMFA.self, DeleteHardwareMFA.self, ClearMFALockout.self,
            ClearSignInLockout.self, MFASettingsCommand.self, CreateAccountCommand.self, MandateCommand.self,
            RecoverRootPasswordCommand.self, RotateMasterKeyCommand.self, StageMasterKeyCommand.self,
            MasterKeyRotationStatusCommand.self,
            RotateAuditSigningKeyCommand.self,
        ])
}

/// Where the server is and whose key to sign with.
struct AdminConnection: ParsableArguments {
    @Option(name: .long, help: "The server's URL.")
    var endpoint = "http://127.0.0.1:\(ServerConfiguration.defaultPort)"

    @Option(name: .long, help: "The data folder whose [rampart] profile signs, unless AWS_ACCESS_KEY_ID is set.")
    var data = "./data"

    func client() throws -> AdminClient {
        guard let url = URL(string: endpoint) else { throw ValidationError("--endpoint is not a URL") }
        return AdminClient(endpoint: url, credentials: try AdminCredentials.resolve(dataDirectory: data))
    }
}

struct ImportHardwareMFA: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-hardware-mfa",
        abstract: "Import hardware TOTP tokens from a CSV seed file (serial,base32-seed[,algorithm,digits,period]).")

    @OptionGroup var connection: AdminConnection

    @Option(name: .long, help: "The seed file.")
    var file: String

    func run() async throws {
        let devices = try HardwareTokenFile.parse(try String(contentsOfFile: file, encoding: .utf8))
        let reply = try await connection.client().call("ImportHardwareMFADevices", ["Devices": devices])
        Output.line("Imported \(reply["Imported"] ?? 0) hardware MFA tokens.")
    }
}

struct ListHardwareMFA: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list-hardware-mfa", abstract: "List the hardware TOTP tokens and who each is enabled for.")

    @OptionGroup var connection: AdminConnection

    func run() async throws {
        let reply = try await connection.client().call("ListHardwareMFADevices", [:])
        for device in reply["Devices"] as? [[String: Any]] ?? [] {
            let owner = (device["Assigned"] as? Bool ?? false) ? (device["UserName"] as? String ?? "root") : "-"
            Output.line("\(device["SerialNumber"] ?? "")\t\(owner)")
        }
    }
}

struct DeleteHardwareMFA: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete-hardware-mfa", abstract: "Remove an unassigned hardware TOTP token.")

    @OptionGroup var connection: AdminConnection

    @Option(name: .long, help: "The token's serial number.")
    var serialNumber: String

    func run() async throws {
        _ = try await connection.client().call("DeleteHardwareMFADevice", ["SerialNumber": serialNumber])
        Output.line("Deleted \(serialNumber).")
    }
}

struct ClearMFALockout: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clear-mfa-lockout", abstract: "Lift the MFA lockout of a user (or of root, without --user-name).")

    @OptionGroup var connection: AdminConnection

    @Option(name: .long, help: "The IAM user; omit for the root user.")
    var userName: String?

    func run() async throws {
        var body: [String: Any] = [:]
        if let userName { body["UserName"] = userName }
        _ = try await connection.client().call("ClearMFALockout", body)
        Output.line("Cleared the MFA lockout of \(userName ?? "root").")
    }
}

struct ClearSignInLockout: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clear-sign-in-lockout",
        abstract: "Lift a console sign-in lockout: a user's passwords (root without options) or an address's.")

    @OptionGroup var connection: AdminConnection

    @Option(name: .long, help: "The IAM user whose password lockout to lift.")
    var userName: String?

    @Option(name: .long, help: "The client address whose lockout to lift.")
    var sourceIp: String?

    func run() async throws {
        var body: [String: Any] = [:]
        if let userName { body["UserName"] = userName }
        if let sourceIp { body["SourceIp"] = sourceIp }
        _ = try await connection.client().call("ClearSignInLockout", body)
        Output.line("Cleared the sign-in lockout of \(sourceIp ?? userName ?? "root").")
    }
}

struct MFASettingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mfa-settings",
        abstract: "Show or change the account's console MFA settings (options change only what they name).")

    @OptionGroup var connection: AdminConnection

    @Option(name: .long, help: "EVERY_SIGN_IN, CONTEXT_CHANGE or NEVER.")
    var prompt: String?

    @Option(name: .long, help: "What happens without a device: REQUIRE_REGISTRATION, BLOCK or ALLOW.")
    var withoutDevice: String?

    @Option(name: .long, help: "Comma-separated: AUTHENTICATOR_APP, SECURITY_KEY.")
    var allowedTypes: String?

    @Option(name: .long, help: "true or false: IAM users must have MFA for the console.")
    var requireForConsoleUsers: Bool?

    @Option(name: .long, help: "true or false: principals with IAM administration rights must have MFA.")
    var requireForPrivileged: Bool?

    @Option(name: .long, help: "Days a principal may skip setting up MFA after it is first asked.")
    var gracePeriodDays: Int?

    @Option(name: .long, help: "true or false: sign in with a passkey alone (user verification required).")
    var passkeySignIn: Bool?

    func run() async throws {
        var body: [String: Any] = [:]
        if let prompt { body["Prompt"] = prompt }
        if let withoutDevice { body["WithoutDevice"] = withoutDevice }
        if let allowedTypes { body["AllowedTypes"] = allowedTypes.split(separator: ",").map(String.init) }
        if let requireForConsoleUsers { body["RequireForConsoleUsers"] = requireForConsoleUsers }
        if let requireForPrivileged { body["RequireForPrivileged"] = requireForPrivileged }
        if let gracePeriodDays { body["GracePeriodDays"] = gracePeriodDays }
        if let passkeySignIn { body["PasskeySignIn"] = passkeySignIn }
        let client = try connection.client()
        let result = try await client.call(body.isEmpty ? "GetMFASettings" : "UpdateMFASettings", body)
        let data = try JSONSerialization.data(
            withJSONObject: result["Settings"] ?? [:], options: [.prettyPrinted, .sortedKeys])
        Output.line(String(decoding: data, as: UTF8.self))
    }
}
