import Foundation
import RampartCore
import RampartMFA

/// Groups one account's events into CloudTrail log files and writes them where a trail delivers
/// them: `AWSLogs/<account>/CloudTrail/<region>/<YYYY>/<MM>/<DD>/<account>_CloudTrail_<region>_
/// <YYYYMMDDTHHmmZ>_<16 characters>.json.gz`, one file per Region and five-minute window.
struct TrailLogWriter {
    /// About how often CloudTrail delivers a trail's log files.
    static let window: TimeInterval = 300

    let root: URL
    let account: AccountID
    /// Each Region's open file: its window and records. Events come in the order written (time
    /// order within an account), so a Region's file is written when its next event falls in a
    /// later window.
    private var pending: [String: (window: Date, bodies: [String])] = [:]
    private var written = 0

    init(root: URL, account: AccountID) {
        self.root = root
        self.account = account
    }

    mutating func add(_ event: TrailEvent) throws {
        let region = Self.region(of: event.body)
        let window = Date(
            timeIntervalSince1970: (event.time.timeIntervalSince1970 / Self.window).rounded(.down) * Self.window)
        if let open = pending[region], open.window != window {
            try write(region: region, window: open.window, bodies: open.bodies)
            pending[region] = nil
        }
        pending[region, default: (window, [])].bodies.append(event.body)
    }

    /// Writes what is left; returns how many files this account got.
    mutating func finish() throws -> Int {
        for (region, open) in pending.sorted(by: { $0.key < $1.key }) {
            try write(region: region, window: open.window, bodies: open.bodies)
        }
        pending.removeAll()
        return written
    }

    private mutating func write(region: String, window: Date, bodies: [String]) throws {
        let day = Self.utc(window)
        let folder = root.appendingPathComponent("AWSLogs/\(account.rawValue)/CloudTrail/\(region)")
            .appendingPathComponent("\(day.year)/\(day.month)/\(day.day)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let name =
            "\(account.rawValue)_CloudTrail_\(region)_\(day.year)\(day.month)\(day.day)T\(day.hour)\(day.minute)Z_"
            + Self.uniqueSuffix() + ".json.gz"
        // The stored bodies are each one record's JSON, already in CloudTrail's field order.
        let json = "{\"Records\":[" + bodies.joined(separator: ",") + "]}"
        try Data(Gzip.stored(Array(json.utf8))).write(to: folder.appendingPathComponent(name))
        written += 1
        // TODO(digests): a signed digest file per account and Region and hour goes beside the logs, at
        // AWSLogs/<account>/CloudTrail-Digest/<region>/YYYY/MM/DD/
        // <account>_CloudTrail-Digest_<region>_<trail>_<region>_<YYYYMMDDTHHmmssZ>.json.gz, naming
        // each log file written here (its S3 key, SHA-256, first and last event time).
    }

    /// The record's `awsRegion`; the trail's home Region for a record without one.
    static func region(of body: String) -> String {
        let record = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        return record?["awsRegion"] as? String ?? "us-east-1"
    }

    /// Sixteen characters of [0-9A-Za-z] that tell apart files of the same window.
    static func uniqueSuffix() -> String {
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        return String(RandomBytes.make(16).map { alphabet[Int($0) % alphabet.count] })
    }

    static func utc(_ date: Date) -> (year: String, month: String, day: String, hour: String, minute: String) {
        var seconds = time_t(date.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return (
            String(parts.tm_year + 1900), two(parts.tm_mon + 1), two(parts.tm_mday), two(parts.tm_hour),
            two(parts.tm_min)
        )
    }
}
