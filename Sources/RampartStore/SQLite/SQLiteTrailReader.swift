import Foundation
import RampartCore
import Synchronization

/// Reads the trail on a connection of its own, so lookups and verification never hold the
/// store's write lock (WAL lets readers and the writer proceed together). Opened alone on a data
/// folder's database (`SQLiteTrailArchive`), it is what verify and export read while a server runs.
final class SQLiteTrailReader: Sendable {
    private struct Statements {
        let database: SQLiteDatabase
        let postings: SQLiteStatement
        let byPosition: SQLiteStatement
        let byEventId: SQLiteStatement
        let chain: SQLiteStatement
        let head: SQLiteStatement
        let accounts: SQLiteStatement
        let range: SQLiteStatement
        let digests: SQLiteStatement
    }

    private let statements: Mutex<Statements>

    public init(path: String) throws(StoreError) {
        let database = try SQLiteDatabase(path: path, readOnly: true)
        let columns = SQLiteTrailColumns.select
        statements = Mutex(
            Statements(
                database: database,
                // Newest lists first; a list entirely after the range, or after the cursor, is skipped.
                postings: try database.prepare(
                    "SELECT max_time_ms, postings FROM trail_postings "
                        + "WHERE scope = ?1 AND attribute = ?2 AND value = ?3 AND max_time_ms >= ?4 "
                        + "AND min_time_ms <= ?5 ORDER BY max_time_ms DESC, last_position DESC"),
                byPosition: try database.prepare("SELECT \(columns) FROM trail_events e WHERE e.position = ?"),
                byEventId: try database.prepare("SELECT \(columns) FROM trail_events e WHERE e.event_id = ?"),
                chain: try database.prepare(
                    "SELECT \(columns) FROM trail_events e WHERE e.account = ? AND e.sequence >= ? "
                        + "ORDER BY e.sequence LIMIT ?"),
                head: try database.prepare(
                    "SELECT \(columns) FROM trail_events e WHERE e.account = ? ORDER BY e.sequence DESC LIMIT 1"),
                accounts: try database.prepare("SELECT DISTINCT account FROM trail_events"),
                range: try database.prepare(
                    "SELECT \(columns) FROM trail_events e WHERE e.account = ? AND e.time_ms BETWEEN ? AND ? "
                        + "AND e.sequence > ? ORDER BY e.sequence LIMIT ?"),
                digests: try database.prepare(
                    "SELECT \(SQLiteTrailColumns.digestSelect) FROM trail_digests WHERE account = ? ORDER BY number")))
    }

    func lookup(_ query: TrailQuery) throws -> TrailPage {
        var merge = TrailLookupMerge(query)
        return try statements.withLock { statements in
            if let attribute = query.attribute, attribute.key == .eventId {
                var events = [TrailEvent]()
                try statements.byEventId.forEachRow([.text(attribute.value)]) { row in
                    let event = try SQLiteTrailColumns.link(row).link.event
                    if merge.admits(event, cursor: query.after) { events.append(event) }
                }
                return TrailPage(events: events, next: nil)
            }
            try statements.postings.forEachRowWhile(
                [
                    .text(merge.scope), .integer(merge.attribute), .text(merge.value), .integer(merge.start),
                    .integer(merge.upper),
                ],
                { row in merge.add(latest: row.integer(0), postings: row.blob(1)) })
            let (entries, more) = merge.finish()
            var events = [TrailEvent]()
            var last: TrailCursor?
            for entry in entries {
                try statements.byPosition.forEachRow([.integer(entry.position)]) { row in
                    events.append(try SQLiteTrailColumns.link(row).link.event)
                    last = TrailCursor(timeMillis: entry.timeMillis, position: entry.position)
                }
            }
            return TrailPage(events: events, next: more ? last : nil)
        }
    }

    /// Up to `limit` events of one account's chain, from `sequence` on, in chain order.
    func links(account: AccountID, from sequence: Int64, limit: Int) throws -> [TrailLink] {
        try statements.withLock { statements in
            var links = [TrailLink]()
            try statements.chain.forEachRow([.text(account.rawValue), .integer(sequence), .integer(Int64(limit))]) {
                row in links.append(try SQLiteTrailColumns.link(row).link)
            }
            return links
        }
    }

    /// One account's events whose time is within `start...end`, in the order they were written, read a
    /// thousand at a time so the connection is not held while the caller works (exports).
    func trailEvents(
        account: AccountID, from start: Date, through end: Date, _ each: (TrailEvent) throws -> Void
    ) throws {
        let batch = 1000
        var after: Int64 = 0
        while true {
            let links = try statements.withLock { statements in
                var links = [TrailLink]()
                try statements.range.forEachRow([
                    .text(account.rawValue), .integer(Int64(start.epochMilliseconds)),
                    .integer(Int64(end.epochMilliseconds)), .integer(after), .integer(Int64(batch)),
                ]) { row in links.append(try SQLiteTrailColumns.link(row).link) }
                return links
            }
            for link in links { try each(link.event) }
            guard links.count == batch, let last = links.last else { return }
            after = last.sequence
        }
    }

    func head(account: AccountID) throws -> TrailLink? {
        try statements.withLock { statements in
            var head: TrailLink?
            try statements.head.forEachRow([.text(account.rawValue)]) { row in
                head = try SQLiteTrailColumns.link(row).link
            }
            return head
        }
    }

    func digests(account: AccountID) throws -> [TrailDigest] {
        try statements.withLock { statements in
            var digests = [TrailDigest]()
            try statements.digests.forEachRow([.text(account.rawValue)]) { row in
                digests.append(try SQLiteTrailColumns.digest(row))
            }
            return digests
        }
    }

    func accounts() throws -> [AccountID] {
        try statements.withLock { statements in
            var accounts = [AccountID]()
            try statements.accounts.forEachRow([]) { row in
                if let account = AccountID(row.text(0)) { accounts.append(account) }
            }
            return accounts.sorted { $0.rawValue < $1.rawValue }
        }
    }
}
