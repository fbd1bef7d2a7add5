import CSQLite
import Foundation

/// Online copies of the store's database, and the checks a copy must pass before a server may
/// open it. The copy reads through SQLite's backup API on a connection of its own, so a server
/// writing the same file (in WAL mode) goes on writing while it runs.
public enum SQLiteBackup {
    /// What a database file holds, as far as a restore needs to know.
    public struct Facts: Sendable, Equatable {
        /// The newest migration step applied to it.
        public var schemaVersion: Int
        /// Events in the trail (a block row holds many).
        public var trailEvents: Int
    }

    /// The schema version this build writes: a copy from a newer one cannot be opened.
    public static var currentSchemaVersion: Int { SQLiteMigrations.steps.count }

    /// Copies the database at `source` into a new file at `destination` (which must not exist).
    /// Every page is copied in one step, inside one read transaction of the source: the copy is
    /// the database as it was at one commit, whatever is written meanwhile. The copy is left in
    /// rollback-journal mode so that it is one self-contained file.
    public static func copy(from source: String, to destination: String) throws(StoreError) -> Facts {
        guard !FileManager.default.fileExists(atPath: destination) else {
            throw StoreError.database("\(destination) already exists")
        }
        let from = try SQLiteDatabase(path: source, readOnly: true)
        // A data folder that was never opened has no schema: not a store.
        guard try SQLiteMigrations.version(of: from) > 0 else {
            throw StoreError.database("\(source) holds no Rampart schema")
        }
        let to = try SQLiteDatabase(path: destination)
        guard let backup = sqlite3_backup_init(to.handle, "main", from.handle, "main") else {
            throw StoreError.database("backup of \(source): \(to.lastError)")
        }
        var status = sqlite3_backup_step(backup, -1)
        // A writer holding the source's lock at the wrong moment answers BUSY: wait and start over.
        var attempts = 0
        while status == SQLITE_BUSY || status == SQLITE_LOCKED, attempts < 100 {
            attempts += 1
            sqlite3_sleep(50)
            status = sqlite3_backup_step(backup, -1)
        }
        let finished = sqlite3_backup_finish(backup)
        guard status == SQLITE_DONE, finished == SQLITE_OK else {
            throw StoreError.database("backup of \(source) stopped: \(String(cString: sqlite3_errstr(status)))")
        }
        try to.execute("PRAGMA journal_mode=DELETE")
        return try facts(of: to)
    }

    /// Checks a database file the way a restore must before any server opens it: SQLite's own
    /// integrity check of every page and index, and a schema this build knows.
    public static func check(_ path: String) throws(StoreError) -> Facts {
        let database = try SQLiteDatabase(path: path, readOnly: true)
        var problems = [String]()
        do {
            try database.prepare("PRAGMA integrity_check(20)").forEachRow([]) { row in
                let line = row.text(0)
                if line != "ok" { problems.append(line) }
            }
        } catch {
            throw StoreError.database("not a SQLite database: \(database.lastError)")
        }
        guard problems.isEmpty else {
            throw StoreError.database("integrity check failed: " + problems.joined(separator: "; "))
        }
        let facts = try facts(of: database)
        guard facts.schemaVersion > 0 else { throw StoreError.database("no Rampart schema in the database") }
        guard facts.schemaVersion <= currentSchemaVersion else {
            throw StoreError.database(
                "schema version \(facts.schemaVersion) is newer than this build's \(currentSchemaVersion)")
        }
        return facts
    }

    /// The stored bodies of up to `limit` records of one kind, for a restore to try its key on.
    public static func recordBodies(kind: RecordKind, limit: Int, in path: String) throws(StoreError) -> [Data] {
        let database = try SQLiteDatabase(path: path, readOnly: true)
        var bodies = [Data]()
        do {
            try database.prepare("SELECT body FROM records WHERE kind = ? LIMIT ?").forEachRow([
                .text(kind.name), .integer(Int64(limit)),
            ]) { row in bodies.append(Data(row.blob(0))) }
        } catch {
            throw StoreError.database("reading \(kind.name) records: \(database.lastError)")
        }
        return bodies
    }

    private static func facts(of database: SQLiteDatabase) throws(StoreError) -> Facts {
        let version = try SQLiteMigrations.version(of: database)
        var events = 0
        if version >= 2 {
            do {
                try database.prepare("SELECT COALESCE(SUM(count), 0) FROM trail_events").forEachRow([]) { row in
                    events = Int(row.integer(0))
                }
            } catch {
                throw StoreError.database("counting trail events: \(database.lastError)")
            }
        }
        return Facts(schemaVersion: version, trailEvents: events)
    }
}
