/// Schema versions, applied in order on open. Append; never edit a shipped step.
enum SQLiteMigrations {
    static let steps: [String] = [
        """
        CREATE TABLE records (
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            account TEXT NOT NULL,
            body BLOB NOT NULL,
            PRIMARY KEY (kind, key)
        );
        CREATE INDEX records_account ON records(kind, account);
        """,
        // The audit trail (see SQLiteTrailWriter): events in write order, each in its account's hash
        // chain, and posting lists: per batch of events, one row for each scope and lookup attribute value
        // listing the events that have it, so LookupEvents reads a range of an index, never the table,
        // and an append costs no index write of its own.
        """
        CREATE TABLE trail_events (
            position INTEGER PRIMARY KEY,
            account TEXT NOT NULL,
            sequence INTEGER NOT NULL,
            organization TEXT,
            time_ms INTEGER NOT NULL,
            event_id TEXT NOT NULL,
            event_name TEXT NOT NULL,
            event_source TEXT NOT NULL,
            username TEXT,
            access_key_id TEXT,
            read_only INTEGER NOT NULL,
            resources TEXT NOT NULL,
            body TEXT NOT NULL,
            previous_hash BLOB NOT NULL,
            hash BLOB NOT NULL
        );
        CREATE UNIQUE INDEX trail_chain ON trail_events(account, sequence);
        CREATE INDEX trail_event_id ON trail_events(event_id);
        CREATE TABLE trail_postings (
            scope TEXT NOT NULL,
            attribute INTEGER NOT NULL,
            value TEXT NOT NULL,
            max_time_ms INTEGER NOT NULL,
            last_position INTEGER NOT NULL,
            min_time_ms INTEGER NOT NULL,
            postings BLOB NOT NULL,
            PRIMARY KEY (scope, attribute, value, max_time_ms, last_position)
        ) WITHOUT ROWID;
        """,
        // Signed digests of each account's chain (see TrailDigest), numbered per account.
        """
        CREATE TABLE trail_digests (
            account TEXT NOT NULL,
            number INTEGER NOT NULL,
            start_ms INTEGER NOT NULL,
            end_ms INTEGER NOT NULL,
            first_sequence INTEGER NOT NULL,
            last_sequence INTEGER NOT NULL,
            first_hash BLOB NOT NULL,
            last_hash BLOB NOT NULL,
            previous_signature BLOB NOT NULL,
            signature BLOB NOT NULL,
            PRIMARY KEY (account, number)
        );
        """,
        // Retention deletes posting lists by age: without this the hourly prune read the whole table
        // while holding the write lock. One index write per posting list, not per event.
        """
        CREATE INDEX trail_postings_age ON trail_postings(max_time_ms);
        """,
        // Reads' events kept as facts, many to a row (see SQLiteTrailBlock): a block row owns the `count`
        // positions up to its own, holds its events in `block`, and spans `time_ms` to `end_time_ms`.
        """
        ALTER TABLE trail_events ADD COLUMN count INTEGER NOT NULL DEFAULT 1;
        ALTER TABLE trail_events ADD COLUMN end_time_ms INTEGER;
        ALTER TABLE trail_events ADD COLUMN block BLOB;
        """,
    ]

    static func apply(to database: SQLiteDatabase) throws(StoreError) {
        try database.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        let current = try version(of: database)
        for (index, sql) in steps.enumerated() where index + 1 > current {
            try database.execute("BEGIN")
            do {
                try database.execute(sql)
                try database.execute("INSERT INTO schema_version(version) VALUES (\(index + 1))")
                try database.execute("COMMIT")
            } catch {
                try? database.execute("ROLLBACK")
                throw error
            }
        }
    }

    /// The newest step applied to the database (0 for none).
    static func version(of database: SQLiteDatabase) throws(StoreError) -> Int {
        var current = 0
        do {
            try database.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_version").forEachRow([]) { row in
                current = Int(row.text(0)) ?? 0
            }
        } catch {
            throw StoreError.database("reading schema version: \(error)")
        }
        return current
    }
}
