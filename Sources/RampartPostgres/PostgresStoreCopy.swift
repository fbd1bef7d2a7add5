import Crypto
import Foundation
import Logging
import NIOCore
import PostgresNIO
import RampartCore
import RampartStore

/// Moves a SQLite data folder's database into an empty PostgreSQL database in one transaction,
/// then proves the copy: each kind's record count and a SHA-256 over its keys and bodies, and the
/// trail's event count and each account's chain head, read back from PostgreSQL and compared with
/// the source's. Trail events keep their positions, sequences and hashes, so the chain and the
/// digests verify as they did; the lookup index is rebuilt from them.
public struct PostgresStoreCopy {
    /// One kind of record, or the trail, as counted and hashed on one side.
    public struct Tally: Sendable, Equatable {
        public var count = 0
        public var checksum = ""
    }

    public struct Report: Sendable {
        public var source: [String: Tally] = [:]
        public var destination: [String: Tally] = [:]
        public var mismatches: [String] { source.keys.sorted().filter { source[$0] != destination[$0] } }
    }

    public enum Failure: Error, CustomStringConvertible {
        case notEmpty(records: Int, events: Int)

        public var description: String {
            switch self {
            case .notEmpty(let records, let events):
                "the destination database already holds \(records) records and \(events) trail events: copy into an empty one"
            }
        }
    }

    let url: PostgresDatabaseURL
    let logger: Logger

    public init(to url: PostgresDatabaseURL, logger: Logger = Logger(label: "rampart.copy")) {
        self.url = url
        self.logger = logger
    }

    /// Copies `source`; `sharedKeys` are the fingerprints the destination's instances must match
    /// (the data folder's master and audit signing keys).
    public func copy(from source: SQLiteStoreExport, sharedKeys: [String: String]) async throws -> Report {
        let client = PostgresClient(
            configuration: try url.clientConfiguration(), backgroundLogger: PostgresClient.oneShotLogger(logger))
        let running = Task { await client.run() }
        defer { running.cancel() }
        var report = Report()
        try await client.withConnection { connection in
            try await PostgresSchema.apply(on: connection, logger: logger)
            let (records, events) = try await counts(on: connection)
            guard records == 0, events == 0 else { throw Failure.notEmpty(records: records, events: events) }
            try await connection.ask("BEGIN", logger: logger)
            do {
                report.source = try await copyRecords(from: source, on: connection)
                report.source["trail"] = try await copyTrail(from: source, on: connection)
                for (name, fingerprint) in sharedKeys.sorted(by: { $0.key < $1.key }) {
                    try await connection.ask(
                        "INSERT INTO shared_keys(name, fingerprint) VALUES (\(name), \(fingerprint))", logger: logger)
                }
                try await connection.ask("COMMIT", logger: logger)
            } catch {
                _ = try? await connection.ask("ROLLBACK", logger: logger)
                throw error
            }
            report.destination = try await tallies(on: connection)
        }
        return report
    }

    private func counts(on connection: PostgresConnection) async throws -> (Int, Int) {
        let rows = try await connection.ask(
            "SELECT (SELECT COUNT(*) FROM records), (SELECT COUNT(*) FROM trail_events)", logger: logger)
        for try await (records, events) in rows.decode((Int64, Int64).self) { return (Int(records), Int(events)) }
        return (0, 0)
    }

    private func copyRecords(from source: SQLiteStoreExport, on connection: PostgresConnection) async throws
        -> [String: Tally]
    {
        var tallies = KindTallies()
        var batch = [SQLiteStoreExport.RecordRow]()
        var pending = [[SQLiteStoreExport.RecordRow]]()
        try source.records { row in
            tallies.add(kind: row.kind, key: row.key, body: row.body)
            batch.append(row)
            if batch.count == 1000 {
                pending.append(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        pending.append(batch)
        for rows in pending where !rows.isEmpty {
            try await PostgresRows.insert(
                rows, prefix: "INSERT INTO records(kind, key, account, body)", columns: 4, on: connection,
                logger: logger
            ) { row, binds in
                binds.append(row.kind)
                binds.append(row.key)
                binds.append(row.account)
                binds.append(ByteBuffer(bytes: row.body))
            }
        }
        return tallies.finish()
    }

    private func copyTrail(from source: SQLiteStoreExport, on connection: PostgresConnection) async throws -> Tally {
        let rows = PostgresTrailRows(logger: logger)
        var heads = TrailHeads()
        var after: Int64 = 0
        while true {
            let events = try source.trailEvents(after: after, limit: 1000)
            guard let last = events.last else { break }
            var index = TrailIndexBatch()
            for (position, link) in events {
                index.add(link.event, at: position)
                heads.add(link)
            }
            try await rows.insert(events, index: index, on: connection)
            after = last.position
        }
        for digest in try source.digests() {
            _ = try await rows.append(digest, on: connection)
        }
        return heads.tally
    }

    /// The destination's tallies, read back the way the source's were made.
    private func tallies(on connection: PostgresConnection) async throws -> [String: Tally] {
        var tallies = KindTallies()
        let rows = try await connection.ask(
            "SELECT kind, key, body FROM records ORDER BY kind COLLATE \"C\", key COLLATE \"C\"", logger: logger)
        for try await (kind, key, body) in rows.decode((String, String, ByteBuffer).self) {
            tallies.add(kind: kind, key: key, body: body.bytes)
        }
        var result = tallies.finish()
        var heads = TrailHeads()
        var after: Int64 = 0
        while true {
            let events = try await connection.ask(
                """
                SELECT \(unescaped: PostgresTrailRows.eventColumns) FROM trail_events
                WHERE position > \(after) ORDER BY position LIMIT 1000
                """, logger: logger)
            var count = 0
            for try await row in events {
                let (position, link) = try PostgresTrailRows.link(row)
                heads.add(link)
                after = position
                count += 1
            }
            if count < 1000 { break }
        }
        result["trail"] = heads.tally
        return result
    }
}

/// Per kind: how many records, and a SHA-256 over each one's key and body in key order.
private struct KindTallies {
    private var hashers: [String: SHA256] = [:]
    private var counts: [String: Int] = [:]

    mutating func add(kind: String, key: String, body: [UInt8]) {
        var hasher = hashers[kind] ?? SHA256()
        hasher.update(data: Array(key.utf8) + [0] + body + [0])
        hashers[kind] = hasher
        counts[kind, default: 0] += 1
    }

    func finish() -> [String: PostgresStoreCopy.Tally] {
        var result: [String: PostgresStoreCopy.Tally] = [:]
        for (kind, hasher) in hashers {
            let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
            result[kind] = PostgresStoreCopy.Tally(count: counts[kind] ?? 0, checksum: String(digest.prefix(16)))
        }
        return result
    }
}

/// The trail's tally: its event count, and a hash over every account's chain head.
private struct TrailHeads {
    private var heads: [String: [UInt8]] = [:]
    private var count = 0

    mutating func add(_ link: TrailLink) {
        heads[link.event.account.rawValue] = link.hash
        count += 1
    }

    var tally: PostgresStoreCopy.Tally {
        var hasher = SHA256()
        for (account, hash) in heads.sorted(by: { $0.key < $1.key }) { hasher.update(data: Array(account.utf8) + hash) }
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        return PostgresStoreCopy.Tally(count: count, checksum: String(digest.prefix(16)))
    }
}
