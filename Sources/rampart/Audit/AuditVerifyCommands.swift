import ArgumentParser
import Foundation
import RampartCore
import RampartServer
import RampartStore
import RampartTrailExport

/// `rampart audit …`: checks on the audit trail that read the data folder directly.
struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read the audit trail of a data folder (the server may be running): verify, export, public-key.",
        subcommands: [AuditVerify.self, AuditExport.self, AuditVerifyExport.self, AuditPublicKey.self])
}

struct AuditVerify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every event's hash and link and every digest's signature; name what was tampered with.",
        discussion: """
            Reads rampart.db read-only (or the PostgreSQL database of --database), so it can run beside the server. Exits 1 when anything is wrong. \
            Events after the last digest are listed as not yet covered (not a failure).
            """)

    @OptionGroup var source: AuditSourceOptions

    @Option(name: .long, help: "Verify only this account (repeatable; default: every account in the trail).")
    var account: [String] = []

    @Option(name: .long, help: "Start of the period to verify (ISO 8601), chosen through the digests' periods.")
    var from: String?

    @Option(name: .long, help: "End of the period to verify (ISO 8601).")
    var to: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The public key to check digests with (PEM or base64, as `audit public-key` prints it).",
            discussion: "Default: the keys the server recorded when its signing key rotated, else the public "
                + "half of the data folder's audit-signing.key."))
    var publicKey: String?

    func run() async throws {
        let archive = try source.source()
        var accounts: [AccountID]?
        if !account.isEmpty {
            accounts = try account.map { text in
                guard let id = AccountID(text) else { throw ValidationError("--account \(text) is not 12 digits") }
                return id
            }
        }
        let keys: TrailKeyHistory
        if let publicKey {
            keys = TrailKeyHistory(
                single: try TrailVerifyingKey(text: String(contentsOfFile: publicKey, encoding: .utf8)))
        } else if let history = try await source.keyHistory(from: archive) {
            // The signing key was rotated: each digest is checked with the key of its period.
            keys = history
            Output.line("note: digests are checked against \(history.entries.count) audit signing keys (rotated)")
        } else {
            keys = TrailKeyHistory(single: try source.signingKey().verifyingKey)
        }
        let audit = TrailAudit(
            keys: keys, accounts: accounts, start: try from.map { try Self.date($0, "--from") },
            end: try to.map { try Self.date($0, "--to") })
        let started = ContinuousClock.now
        let report = try await audit.run(on: archive)
        let elapsed = (ContinuousClock.now - started).components
        let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        for problem in report.problems { Output.line(problem.description) }
        for note in report.notes { Output.line("note: \(note)") }
        let checked =
            "Checked \(report.events) events and \(report.digests) digests of \(report.accounts) accounts "
            + "in \(String(format: "%.2f", seconds)) s"
        if report.problems.isEmpty {
            Output.line("\(checked): the trail is intact.")
        } else {
            Output.line("\(checked): \(report.problems.count) problems.")
            throw ExitCode(1)
        }
    }

    static func date(_ text: String, _ option: String) throws -> Date {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        throw ValidationError("\(option) \(text) is not an ISO 8601 time such as 2026-01-31T12:00:00Z")
    }
}

struct AuditPublicKey: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "public-key",
        abstract: "Print the public key that verifies the trail's digests (PEM SubjectPublicKeyInfo, Ed25519).")

    @Option(name: .long, help: "The data folder.")
    var data = "./data"

    @Flag(name: .long, help: "Print the 32 raw key bytes in base64 instead of PEM.")
    var raw = false

    func run() async throws {
        let key = try TrailSigningKey.load(at: DataDirectory(path: data).trailSigningKey).verifyingKey
        if raw {
            Output.line(key.rawBase64)
        } else {
            Output.line(key.pem.trimmingCharacters(in: .newlines))
        }
    }
}

struct AuditVerifyExport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-export",
        abstract: "Check an export's digest files, their chain and every log file's hash (no server access needed).",
        discussion: "Exits 1 and names each file that was edited, deleted, inserted or whose digest is forged.")

    @Option(name: .long, help: "The folder `audit export --to` wrote (holding AWSLogs/).")
    var dir: String

    @Option(name: .long, help: "The public key (PEM or base64, as `audit public-key` prints it).")
    var publicKey: String?

    @Option(name: .long, help: "Without --public-key: the data folder whose audit-signing.key signed the export.")
    var data = "./data"

    func run() async throws {
        let key: TrailVerifyingKey
        if let publicKey {
            key = try TrailVerifyingKey(text: String(contentsOfFile: publicKey, encoding: .utf8))
        } else {
            key = try TrailSigningKey.load(at: DataDirectory(path: data).trailSigningKey).verifyingKey
        }
        guard FileManager.default.fileExists(atPath: dir + "/AWSLogs") else {
            throw ValidationError("no AWSLogs/ folder in \(dir)")
        }
        let report = ExportVerifier(root: URL(fileURLWithPath: dir), key: key).verify()
        for problem in report.problems { Output.line(problem) }
        if !report.problems.isEmpty {
            Output.line("\(report.problems.count) problems.")
            throw ExitCode(1)
        }
        Output.line("Verified \(report.digests) digest files and \(report.logFiles) log files: nothing was changed.")
    }
}
