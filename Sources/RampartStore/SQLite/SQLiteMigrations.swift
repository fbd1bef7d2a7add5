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
        """
    ]

    static func apply(to database: SQLiteDatabase) throws(StoreError) {
        try database.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        var current = 0
        do {
            try database.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_version").forEachRow([]) { row in
                current = Int(row.text(0)) ?? 0
            }
        } catch {
            throw StoreError.database("reading schema version: \(error)")
        }
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
}
