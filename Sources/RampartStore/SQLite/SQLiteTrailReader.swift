import Foundation
import RampartCore
import Synchronization

/// Reads the trail on a connection of its own, so lookups and verification never hold the
/// store's write lock (WAL lets readers and the writer proceed together).
final class SQLiteTrailReader: Sendable {
    private struct Statements {
        let database: SQLiteDatabase
        let byKey: SQLiteStatement
        let byEventId: SQLiteStatement
        let chain: SQLiteStatement
        let head: SQLiteStatement
        let accounts: SQLiteStatement
        let digests: SQLiteStatement
    }

    private let statements: Mutex<Statements>

    init(path: String) throws(StoreError) {
        let database = try SQLiteDatabase(path: path, readOnly: true)
        let columns = SQLiteTrailColumns.select
        statements = Mutex(
            Statements(
                database: database,
                byKey: try database.prepare(
                    "SELECT \(columns) FROM trail_keys k JOIN trail_events e ON e.position = k.position "
                        + "WHERE k.scope = ?1 AND k.attribute = ?2 AND k.value = ?3 AND k.time_ms BETWEEN ?4 AND ?5 "
                        + "AND (k.time_ms < ?6 OR (k.time_ms = ?6 AND k.position < ?7)) "
                        + "ORDER BY k.time_ms DESC, k.position DESC LIMIT ?8"),
                byEventId: try database.prepare("SELECT \(columns) FROM trail_events e WHERE e.event_id = ?"),
                chain: try database.prepare(
                    "SELECT \(columns) FROM trail_events e WHERE e.account = ? AND e.sequence >= ? "
                        + "ORDER BY e.sequence LIMIT ?"),
                head: try database.prepare(
                    "SELECT \(columns) FROM trail_events e WHERE e.account = ? ORDER BY e.sequence DESC LIMIT 1"),
                accounts: try database.prepare("SELECT DISTINCT account FROM trail_events"),
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
            let after = query.after ?? TrailCursor(timeMillis: .max, position: .max)
            var events = [TrailEvent]()
            var last: TrailCursor?
            var seen = 0
            // One more than asked says whether another page exists.
            try statements.byKey.forEachRow([
                .text(scope), .integer(code), .text(query.attribute?.value ?? ""), .integer(start), .integer(end),
                .integer(after.timeMillis), .integer(after.position), .integer(Int64(query.limit + 1)),
            ]) { row in
                seen += 1
                guard seen <= query.limit else { return }
                let (position, link) = try SQLiteTrailColumns.link(row)
                events.append(link.event)
                last = TrailCursor(timeMillis: Int64(link.event.time.epochMilliseconds), position: position)
            }
            return TrailPage(events: events, next: seen > query.limit ? last : nil)
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
