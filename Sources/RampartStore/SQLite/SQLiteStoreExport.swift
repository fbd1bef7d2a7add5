import Foundation
import RampartCore

/// A data folder's database read whole, read-only, in the order a copy writes it: every record row
/// as stored (kind, key, account, JSON body), the trail's events in write order with their chain
/// links, and the digests. What `rampart store copy` moves into PostgreSQL.
public final class SQLiteStoreExport {
    public struct RecordRow: Sendable {
        public var kind: String
        public var key: String
        public var account: String
        public var body: [UInt8]
    }

    private let database: SQLiteDatabase
    private let renderer: (any TrailFactsRenderer)?
    /// The schema version of the file: a copy is made from a database this build writes.
    public let schemaVersion: Int

    /// `renderer` makes the events kept as facts (reads') back into events.
    public init(path: String, renderer: (any TrailFactsRenderer)?) throws {
        self.renderer = renderer
        database = try SQLiteDatabase(path: path, readOnly: true)
        schemaVersion = try SQLiteMigrations.version(of: database)
        guard schemaVersion == SQLiteMigrations.steps.count else {
            throw StoreError.database(
                "the database's schema is version \(schemaVersion), this build's \(SQLiteMigrations.steps.count): "
                    + "start this build's server on the folder once to migrate it")
        }
    }

    /// Every record, by kind then key in byte order (the order the copy's checksums use).
    public func records(_ each: (RecordRow) throws -> Void) throws {
        try database.prepare(
            "SELECT kind, key, account, body FROM records WHERE kind != 'audit-event' ORDER BY kind, key"
        ).forEachRow([]) { row in
            try each(RecordRow(kind: row.text(0), key: row.text(1), account: row.text(2), body: row.blob(3)))
        }
    }

    /// The trail events of up to `limit` rows after `position` (a row may hold a block of them), in write
    /// order, with their positions.
    public func trailEvents(after position: Int64, limit: Int) throws -> [(position: Int64, link: TrailLink)] {
        var events = [(position: Int64, link: TrailLink)]()
        try database.prepare(
            "SELECT \(SQLiteTrailColumns.select) FROM trail_events e WHERE e.position > ? ORDER BY e.position LIMIT ?"
        ).forEachRow([.integer(position), .integer(Int64(limit))]) { row in
            events.append(contentsOf: try SQLiteTrailColumns.links(row, renderer: renderer))
        }
        return events
    }

    /// Every digest of every account.
    public func digests() throws -> [TrailDigest] {
        var digests = [TrailDigest]()
        try database.prepare(
            "SELECT \(SQLiteTrailColumns.digestSelect) FROM trail_digests ORDER BY account, number"
        ).forEachRow([]) { row in digests.append(try SQLiteTrailColumns.digest(row)) }
        return digests
    }
}
