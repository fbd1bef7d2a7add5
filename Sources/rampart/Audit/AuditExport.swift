import ArgumentParser
import Foundation
import RampartCore
import RampartServer
import RampartStore
import RampartTrailExport

/// `rampart audit export`: the trail as CloudTrail log files, in the layout a trail delivers to S3,
/// read from the database read-only and without the data folder's lock.
struct AuditExport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the trail as gzip'd CloudTrail log files and signed digest files (AWSLogs/<account>/…).",
        discussion: """
            One log file per account, Region and five-minute window of event time (the window's start names \
            the file), each {"Records":[…]} with the events in the order they were written. Beside them, \
            under CloudTrail-Digest/, one digest file per account, Region and hour naming each log file with \
            its SHA-256, chained to the previous digest and signed with the trail's Ed25519 key (signature \
            in <digest>.sig); `rampart audit verify-export` checks them with the public key alone.
            """)

    @OptionGroup var source: AuditSourceOptions

    @Option(name: .long, help: "Events at or after this time (ISO 8601, e.g. 2026-01-31T00:00:00Z).")
    var since: String

    @Option(name: .long, help: "Events at or before this time (ISO 8601; default: now).")
    var until: String?

    @Option(name: .long, help: "The folder to write AWSLogs/ into.")
    var to: String

    @Option(name: .long, help: "Only this account (default: every account with events).")
    var account: String?

    @Option(name: .long, help: "The S3 bucket the files are meant for: digests name their files in it.")
    var bucket = "rampart-trail"

    @Option(name: .long, help: "The trail name in the digest files' names.")
    var trailName = "rampart"

    func run() async throws {
        guard let start = Timestamp.parse(since) else { throw ValidationError("--since is not an ISO 8601 time") }
        var end = Date()
        if let until {
            guard let parsed = Timestamp.parse(until) else { throw ValidationError("--until is not an ISO 8601 time") }
            end = parsed
        }
        guard start <= end else { throw ValidationError("--since is after --until") }
        let archive = try source.source()
        let signingKey = try source.signingKey()
        var accounts = try await archive.trailAccounts()
        if let account {
            guard let id = AccountID(account) else { throw ValidationError("--account must be 12 digits") }
            accounts = [id]
        }
        let root = URL(fileURLWithPath: to)
        let digestWriter = TrailDigestFileWriter(root: root, bucket: bucket, trail: trailName, key: signingKey)
        var files = 0
        var digests = 0
        var events = 0
        for account in accounts {
            var writer = TrailLogWriter(root: root, account: account)
            try await archive.trailEvents(account: account, from: start, through: end) { event in
                try writer.add(event)
                events += 1
            }
            try writer.finish()
            files += writer.written.count
            digests += try digestWriter.write(account: account, files: writer.written)
        }
        Output.line("Exported \(events) events in \(files) files and \(digests) digest files under \(to)/AWSLogs.")
    }
}
