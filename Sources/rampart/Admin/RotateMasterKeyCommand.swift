import ArgumentParser
import Foundation

/// `rampart admin rotate-master-key`: asks the running server to move every sealed secret to a new
/// master key (the server writes the key file), then follows its progress until it completes.
struct RotateMasterKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate-master-key",
        abstract: "Re-seal every secret under a new master key while the server keeps serving.",
        discussion: """
            The server writes the new key at the top of its key file, re-seals in batches, then keeps the \
            new key alone (the old one moves to <key file>.retired-<id>, for backups taken before). \
            Session tokens issued before stay valid until they expire. Run it again to resume an \
            interrupted rotation; a server started with two keys in its file resumes by itself.
            """)

    @OptionGroup var connection: AdminConnection

    @Option(name: .long, help: "Secrets re-sealed per write (1-10000).")
    var batchSize = 100

    @Option(name: .long, help: "Milliseconds to pause between writes, to spare a busy server.")
    var pauseMs = 0

    @Flag(name: .long, help: "Return once the rotation has started instead of waiting for it.")
    var noWait = false

    func run() async throws {
        let client = try connection.client()
        var reply = try await client.call(
            "RotateMasterKey", ["BatchSize": batchSize, "PauseMilliseconds": pauseMs])
        Output.line("Rotating to master key \(reply["TargetKeyId"] as? String ?? "?").")
        while !noWait, reply["State"] as? String == "InProgress" {
            try await Task.sleep(for: .milliseconds(200))
            reply = try await client.call("GetMasterKeyRotation", [:])
        }
        try Self.report(reply)
    }

    static func report(_ reply: [String: Any]) throws {
        let state = reply["State"] as? String ?? "?"
        let counts = "\(reply["Resealed"] ?? 0) secrets re-sealed in \(reply["Batches"] ?? 0) batches"
        switch state {
        case "Completed":
            Output.line("Completed: \(counts); master key \(reply["PrimaryKeyId"] ?? "?") is the only key needed.")
            if let unopenable = reply["Unopenable"] as? Int, unopenable > 0 {
                Output.line("\(unopenable) sealed values opened with no key and were left as they were.")
            }
        case "Failed":
            throw ValidationError("The rotation stopped: \(reply["Failure"] ?? "?"). Run the command again to resume.")
        default:
            Output.line("\(state): \(counts).")
        }
    }
}

/// `rampart admin master-key-rotation`: where the latest rotation stands.
struct MasterKeyRotationStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "master-key-rotation", abstract: "Show where the latest master-key rotation stands.")

    @OptionGroup var connection: AdminConnection

    func run() async throws {
        try RotateMasterKeyCommand.report(try await connection.client().call("GetMasterKeyRotation", [:]))
    }
}
