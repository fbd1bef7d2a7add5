import Crypto
import Foundation
import RampartCore

/// Groups one account's events into CloudTrail log files and writes them where a trail delivers
/// them: `AWSLogs/<account>/CloudTrail/<region>/<YYYY>/<MM>/<DD>/<account>_CloudTrail_<region>_
/// <YYYYMMDDTHHmmZ>_<16 characters>.json.gz`, one file per Region and five-minute window.
public struct TrailLogWriter {
    /// About how often CloudTrail delivers a trail's log files.
    static let window: TimeInterval = 300

    let root: URL
    let account: AccountID
    /// Each Region's open file. Events come in the order written (time order within an
    /// account), so a Region's file is written when its next event falls in a later window.
    private var pending: [String: OpenFile] = [:]
    /// What was written, for the digest files that name each log file.
    public private(set) var written: [ExportedLogFile] = []

    private struct OpenFile {
        var window: Date
        var bodies: [String] = []
        var oldest: Date
        var newest: Date
    }

    public init(root: URL, account: AccountID) {
        self.root = root
        self.account = account
    }

    public mutating func add(_ event: TrailEvent) throws {
        let region = Self.region(of: event.body)
        let window = Date(
            timeIntervalSince1970: (event.time.timeIntervalSince1970 / Self.window).rounded(.down) * Self.window)
        if let open = pending[region], open.window != window {
            try write(region: region, open)
            pending[region] = nil
        }
        var open = pending[region] ?? OpenFile(window: window, oldest: event.time, newest: event.time)
        open.bodies.append(event.body)
        open.oldest = min(open.oldest, event.time)
        open.newest = max(open.newest, event.time)
        pending[region] = open
    }

    /// Writes what is left.
    public mutating func finish() throws {
        for (region, open) in pending.sorted(by: { $0.key < $1.key }) {
            try write(region: region, open)
        }
        pending.removeAll()
    }

    private mutating func write(region: String, _ open: OpenFile) throws {
        let day = UTCParts(open.window)
        let key =
            "AWSLogs/\(account.rawValue)/CloudTrail/\(region)/\(day.year)/\(day.month)/\(day.day)/"
            + "\(account.rawValue)_CloudTrail_\(region)_\(day.year)\(day.month)\(day.day)T\(day.hour)\(day.minute)Z_"
            + Self.uniqueSuffix() + ".json.gz"
        // The stored bodies are each one record's JSON, already in CloudTrail's field order.
        let json = Array(("{\"Records\":[" + open.bodies.joined(separator: ",") + "]}").utf8)
        try ExportFiles.write(Gzip.compress(json), root: root, key: key)
        written.append(
            ExportedLogFile(
                key: key, region: region, window: open.window, sha256: Array(SHA256.hash(data: json)),
                oldestEventTime: open.oldest, newestEventTime: open.newest))
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
}

/// A log file an export wrote, as a digest file names it.
public struct ExportedLogFile: Sendable, Equatable {
    /// Its path under the export folder: the S3 object key it would have in the trail's bucket.
    public var key: String
    public var region: String
    public var window: Date
    /// SHA-256 of the uncompressed file, as CloudTrail's digests hash log files.
    public var sha256: [UInt8]
    public var oldestEventTime: Date
    public var newestEventTime: Date
}

/// Writing under the export folder by object key.
enum ExportFiles {
    static func write(_ bytes: [UInt8], root: URL, key: String) throws {
        let url = root.appendingPathComponent(key)
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }
}

/// A time's UTC calendar fields as the file names spell them, zero-padded.
struct UTCParts {
    let year: String, month: String, day: String, hour: String, minute: String, second: String

    init(_ date: Date) {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        year = String(parts.tm_year + 1900)
        month = two(parts.tm_mon + 1)
        day = two(parts.tm_mday)
        hour = two(parts.tm_hour)
        minute = two(parts.tm_min)
        second = two(parts.tm_sec)
    }
}
