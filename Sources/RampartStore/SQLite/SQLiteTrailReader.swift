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
        let scope: String
        switch query.scope {
        case .account(let account): scope = account.rawValue
        case .organization(let organization): scope = organization
        }
        let start = Int64(query.start.epochMilliseconds)
        let end = Int64(query.end.epochMilliseconds)
        return try statements.withLock { statements in
            if let attribute = query.attribute, attribute.key == .eventId {
                var events = [TrailEvent]()
                try statements.byEventId.forEachRow([.text(attribute.value)]) { row in
                    let event = try SQLiteTrailColumns.link(row).link.event
                    let millis = Int64(event.time.epochMilliseconds)
                    guard millis >= start, millis <= end, query.after == nil else { return }
                    if event.account.rawValue == scope || event.organization == scope { events.append(event) }
                }
                return TrailPage(events: events, next: nil)
            }
            let code = query.attribute.map { Int64($0.key.code) } ?? SQLiteTrailColumns.everyEvent
            let after = query.after.map { TrailPostings.Entry(timeMillis: $0.timeMillis, position: $0.position) }
            let upper = min(end, after?.timeMillis ?? .max)
            // Lists come newest first by their latest event, but may overlap in time: an entry is
            // known to be among the newest once no list still unread can hold a later one, that is
            // once its time is past the next list's latest. One more than asked says whether another
            // page exists.
            var candidates = [TrailPostings.Entry]()
            var final = [TrailPostings.Entry]()
            let wanted = query.limit + 1
            try statements.postings.forEachRowWhile(
                [.text(scope), .integer(code), .text(query.attribute?.value ?? ""), .integer(start), .integer(upper)],
                { row in
                    let latest = row.integer(0)
                    candidates.sort(by: >)
                    while let first = candidates.first, first.timeMillis > latest, final.count < wanted {
                        final.append(candidates.removeFirst())
                    }
                    guard final.count < wanted else { return false }
                    for entry in TrailPostings(decoding: row.blob(1))?.entries ?? []
                    where entry.timeMillis >= start && entry.timeMillis <= end && after.map({ entry < $0 }) ?? true {
                        candidates.append(entry)
                    }
                    return true
                })
            candidates.sort(by: >)
            final += candidates.prefix(max(0, wanted - final.count))
            var events = [TrailEvent]()
            var last: TrailCursor?
            for entry in final.prefix(query.limit) {
                try statements.byPosition.forEachRow([.integer(entry.position)]) { row in
                    events.append(try SQLiteTrailColumns.link(row).link.event)
                    last = TrailCursor(timeMillis: entry.timeMillis, position: entry.position)
                }
            }
            return TrailPage(events: events, next: final.count > query.limit ? last : nil)
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
