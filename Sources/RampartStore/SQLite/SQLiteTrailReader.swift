import Foundation
import RampartCore
import Synchronization

/// Reads the trail on a connection of its own, so lookups and verification never hold the
/// store's write lock (WAL lets readers and the writer proceed together). Opened alone on a data
/// folder's database (`SQLiteTrailArchive`), it is what verify and export read while a server runs.
/// Block rows (`SQLiteTrailBlock`) read as the events they hold, made by the renderer it is given.
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
    /// Makes events kept as facts (reads', in blocks) back into events.
    private let renderer: (any TrailFactsRenderer)?

    public init(path: String, renderer: (any TrailFactsRenderer)?) throws(StoreError) {
        self.renderer = renderer
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
                // The row holding a position: its own, or the block whose position is the first at or after it.
                byPosition: try database.prepare(
                    "SELECT \(columns) FROM trail_events e WHERE e.position >= ? ORDER BY e.position LIMIT 1"),
                byEventId: try database.prepare("SELECT \(columns) FROM trail_events e WHERE e.event_id = ?"),
                chain: try database.prepare(
                    "SELECT \(columns) FROM trail_events e WHERE e.account = ? AND e.sequence >= ? "
                        + "ORDER BY e.sequence LIMIT ?"),
                head: try database.prepare(
                    "SELECT \(columns) FROM trail_events e WHERE e.account = ? ORDER BY e.sequence DESC LIMIT 1"),
                accounts: try database.prepare("SELECT DISTINCT account FROM trail_events"),
                range: try database.prepare(
                    "SELECT \(columns) FROM trail_events e WHERE e.account = ? "
                        + "AND COALESCE(e.end_time_ms, e.time_ms) >= ? AND e.time_ms <= ? "
                        + "AND e.sequence > ? ORDER BY e.sequence LIMIT ?"),
                digests: try database.prepare(
                    "SELECT \(SQLiteTrailColumns.digestSelect) FROM trail_digests WHERE account = ? ORDER BY number")))
    }

    func lookup(_ query: TrailQuery) throws -> TrailPage {
        var merge = TrailLookupMerge(query)
        return try statements.withLock { statements in
            if let attribute = query.attribute, attribute.key == .eventId {
                var events = [TrailEvent]()
                if let event = try byFactsId(attribute.value, statements), merge.admits(event, cursor: query.after) {
                    events.append(event)
                }
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
            // A page's events are often neighbours in one block: it is read once for all of them.
            var block: SQLiteTrailBlockRow?
            for entry in entries {
                var link: TrailLink?
                if let held = block, held.holds(entry.position) {
                    link = try held.link(at: entry.position, renderer: renderer)
                } else {
                    try statements.byPosition.forEachRow([.integer(entry.position)]) { row in
                        if let read = try SQLiteTrailBlockRow(row) {
                            block = read
                            if read.holds(entry.position) {
                                link = try read.link(at: entry.position, renderer: renderer)
                            }
                        } else if row.integer(0) == entry.position {
                            link = try SQLiteTrailColumns.link(row).link
                        }
                    }
                }
                // A position no row holds was pruned after its posting list was read.
                guard let link else { continue }
                events.append(link.event)
                last = TrailCursor(timeMillis: entry.timeMillis, position: entry.position)
            }
            return TrailPage(events: events, next: more ? last : nil)
        }
    }

    /// The event kept as facts that `id` names (`SQLiteTrailEventIDs`), if there is one.
    private func byFactsId(_ id: String, _ statements: Statements) throws -> TrailEvent? {
        guard let position = SQLiteTrailEventIDs.position(of: id) else { return nil }
        var event: TrailEvent?
        try statements.byPosition.forEachRow([.integer(position)]) { row in
            guard let block = try SQLiteTrailBlockRow(row), block.holds(position) else { return }
            let link = try block.link(at: position, renderer: renderer)
            if link.event.eventId == id { event = link.event }
        }
        return event
    }

    /// Up to `limit` events of one account's chain, from `sequence` on, in chain order.
    func links(account: AccountID, from sequence: Int64, limit: Int) throws -> [TrailLink] {
        try statements.withLock { statements in
            var links = [TrailLink]()
            // Rows, not events: a block holds many, so `limit` rows hold at least `limit` events.
            try statements.chain.forEachRowWhile([.text(account.rawValue), .integer(sequence), .integer(Int64(limit))])
            {
                row in
                for (_, link) in try SQLiteTrailColumns.links(row, renderer: renderer) where link.sequence >= sequence {
                    links.append(link)
                }
                return links.count < limit
            }
            return Array(links.prefix(limit))
        }
    }

    /// One account's events whose time is within `start...end`, in the order they were written, read a
    /// thousand at a time so the connection is not held while the caller works (exports).
    func trailEvents(
        account: AccountID, from start: Date, through end: Date, _ each: (TrailEvent) throws -> Void
    ) throws {
        let batch = 1000
        let first = Int64(start.epochMilliseconds)
        let last = Int64(end.epochMilliseconds)
        var after: Int64 = 0
        while true {
            let (rows, links) = try statements.withLock { statements in
                var rows = 0
                var links = [TrailLink]()
                try statements.range.forEachRow([
                    .text(account.rawValue), .integer(first), .integer(last), .integer(after), .integer(Int64(batch)),
                ]) { row in
                    rows += 1
                    links.append(contentsOf: try SQLiteTrailColumns.links(row, renderer: renderer).map(\.link))
                }
                return (rows, links)
            }
            // A block's events may lie partly outside the range.
            for link in links where (first...last).contains(Int64(link.event.time.epochMilliseconds)) {
                try each(link.event)
            }
            guard rows == batch, let final = links.last else { return }
            after = final.sequence
        }
    }

    func head(account: AccountID) throws -> TrailLink? {
        try statements.withLock { statements in
            var head: TrailLink?
            try statements.head.forEachRow([.text(account.rawValue)]) { row in
                if let block = try SQLiteTrailBlockRow(row) {
                    head = try block.link(at: block.position, renderer: renderer)
                } else {
                    head = try SQLiteTrailColumns.link(row).link
                }
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
