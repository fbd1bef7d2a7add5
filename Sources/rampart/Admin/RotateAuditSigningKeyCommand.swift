import ArgumentParser
import Foundation

/// `rampart admin rotate-audit-signing-key`: the running server signs the trail's next digests with
/// a new key (written to its key file) and keeps every public key in its history, so
/// `rampart audit verify` checks digests from before and after.
struct RotateAuditSigningKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate-audit-signing-key",
        abstract: "Replace the key that signs the audit trail's digests while the server keeps serving.")

    @OptionGroup var connection: AdminConnection

    func run() async throws {
        let reply = try await connection.client().call("RotateAuditSigningKey", [:])
        Output.line("The audit trail's digests are now signed with key \(reply["PublicKeyFingerprint"] ?? "?"):")
        Output.line(reply["PublicKey"] as? String ?? "")
        let count = (reply["History"] as? [Any])?.count ?? 0
        Output.line(
            "The server keeps all \(count) public keys that have signed digests; `rampart audit verify` uses them.")
    }
}
