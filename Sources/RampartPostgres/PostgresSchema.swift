import Foundation
import Logging
import PostgresNIO
import RampartStore

/// Schema versions, applied in order when a store opens. Append; never edit a shipped step.
/// Instances starting at once on an empty database serialize on an advisory lock, so each step
/// runs exactly once; the loser of the race finds the steps done.
enum PostgresSchema {
    static let steps: [String] = [
        // Records as in SQLite (kind, key, account, JSON body), and the change log the instances
        // follow: one row per changed record, numbered by the write that changed it (`seq`, one per
        // committed write, without gaps: writers hold `PostgresStore.writeLock` until they commit).
        // A null body is a deletion.
        """
        CREATE TABLE records (
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            account TEXT NOT NULL,
            body BYTEA NOT NULL,
            PRIMARY KEY (kind, key)
        );
        CREATE INDEX records_account ON records(kind, account);
        CREATE TABLE changes (
            seq BIGINT NOT NULL,
            ordinal INTEGER NOT NULL,
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            account TEXT,
            body BYTEA,
            PRIMARY KEY (seq, ordinal)
        );
        """,
        // The audit trail, laid out as SQLite's (see SQLiteMigrations): events in write order, each
        // in its account's hash chain; posting lists per batch; signed digests. Events also have an
        // index on time, which retention deletes by.
        """
        CREATE TABLE trail_events (
            position BIGINT PRIMARY KEY,
            account TEXT NOT NULL,
            sequence BIGINT NOT NULL,
            organization TEXT,
            time_ms BIGINT NOT NULL,
            event_id TEXT NOT NULL,
            event_name TEXT NOT NULL,
            event_source TEXT NOT NULL,
            username TEXT,
            access_key_id TEXT,
            read_only BOOLEAN NOT NULL,
            resources TEXT NOT NULL,
            body TEXT NOT NULL,
            previous_hash BYTEA NOT NULL,
            hash BYTEA NOT NULL
        );
        CREATE UNIQUE INDEX trail_chain ON trail_events(account, sequence);
        CREATE INDEX trail_event_id ON trail_events(event_id);
        CREATE INDEX trail_event_time ON trail_events(time_ms);
        CREATE TABLE trail_postings (
            scope TEXT NOT NULL,
            attribute BIGINT NOT NULL,
            value TEXT NOT NULL,
            max_time_ms BIGINT NOT NULL,
            last_position BIGINT NOT NULL,
            min_time_ms BIGINT NOT NULL,
            postings BYTEA NOT NULL,
            PRIMARY KEY (scope, attribute, value, max_time_ms, last_position)
        );
        CREATE INDEX trail_postings_age ON trail_postings(max_time_ms);
        CREATE TABLE trail_digests (
            account TEXT NOT NULL,
            number BIGINT NOT NULL,
            start_ms BIGINT NOT NULL,
            end_ms BIGINT NOT NULL,
            first_sequence BIGINT NOT NULL,
            last_sequence BIGINT NOT NULL,
            first_hash BYTEA NOT NULL,
            last_hash BYTEA NOT NULL,
            previous_signature BYTEA NOT NULL,
            signature BYTEA NOT NULL,
            PRIMARY KEY (account, number)
        );
        """,
        // What every instance must share and cannot keep in the database (the master key, the
        // trail's signing key), by fingerprint: an instance started with another key refuses to start.
        """
        CREATE TABLE shared_keys (
            name TEXT PRIMARY KEY,
            fingerprint TEXT NOT NULL
        );
        """,
        // Which master keys each instance holds and seals with, refreshed about once a second: a
        // master-key rotation seals nothing under the new key before every live instance holds it.
        """
        CREATE TABLE instance_keys (
            instance TEXT PRIMARY KEY,
            held TEXT NOT NULL,
            sealing TEXT NOT NULL,
            seen_at TIMESTAMPTZ NOT NULL
        );
        """,
        // Rates every instance shares (LookupEvents' per account): a token bucket per name, its
        // tokens as of `at` (the database's clock, in epoch seconds), refilled lazily when taken from.
        """
        CREATE TABLE rate_buckets (
            name TEXT PRIMARY KEY,
            tokens DOUBLE PRECISION NOT NULL,
            at DOUBLE PRECISION NOT NULL
        );
        """,
        // A write's first round trip: the fleet's write lock (`PostgresStore.writeLock`), then the
        // change log after `after`. A function, so that the read takes its snapshot after the lock is
        // held (each statement of a VOLATILE function does, under READ COMMITTED); one statement
        // doing both would read from before. Kept on one line: steps split on a semicolon and newline.
        """
        CREATE FUNCTION rampart_write_begin(after BIGINT)
        RETURNS TABLE (seq BIGINT, kind TEXT, key TEXT, body BYTEA) LANGUAGE plpgsql VOLATILE AS $$
        BEGIN PERFORM pg_advisory_xact_lock(\(writeLock)); RETURN QUERY SELECT c.seq, c.kind, c.key, c.body FROM changes c WHERE c.seq > after ORDER BY c.seq, c.ordinal; END
        $$;
        """,
        // The same with each row's account, which an instance in the working-set mode reads to skip
        // the changes of accounts it does not hold without decoding them. A new name, so instances of
        // the previous version, during a rolling upgrade, keep the function they call.
        """
        CREATE FUNCTION rampart_write_begin_accounts(after BIGINT)
        RETURNS TABLE (seq BIGINT, kind TEXT, key TEXT, account TEXT, body BYTEA) LANGUAGE plpgsql VOLATILE AS $$
        BEGIN PERFORM pg_advisory_xact_lock(\(writeLock)); RETURN QUERY SELECT c.seq, c.kind, c.key, c.account, c.body FROM changes c WHERE c.seq > after ORDER BY c.seq, c.ordinal; END
        $$;
        """,
        // Events a SQLite store kept as facts (reads', see SQLiteTrailBlock) keep them when copied here:
        // their hashes cover the facts, not the record made from them.
        """
        ALTER TABLE trail_events ADD COLUMN facts BYTEA;
        """,
    ]

    /// The advisory lock migrations run under (an arbitrary constant of this project's).
    static let migrationLock: Int64 = 0x5241_4D50_0001
    /// The advisory lock every write transaction holds (`PostgresStore.writeLock`).
    static let writeLock: Int64 = 0x5241_4D50_0002

    static func apply(on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.ask("BEGIN", logger: logger)
        do {
            try await connection.ask("SELECT pg_advisory_xact_lock(\(migrationLock))", logger: logger)
            try await connection.ask(
                "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)", logger: logger)
            let current = try await version(on: connection, logger: logger)
            guard current <= steps.count else {
                throw StoreError.database("schema version \(current) is newer than this build's \(steps.count)")
            }
            for (index, sql) in steps.enumerated() where index + 1 > current {
                // One statement at a time: the extended protocol takes no more (the steps have no
                // semicolon but at the ends of their statements).
                for statement in sql.components(separatedBy: ";\n")
                where !statement.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    try await connection.ask(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.ask("INSERT INTO schema_version(version) VALUES (\(index + 1))", logger: logger)
            }
            try await connection.ask("COMMIT", logger: logger)
        } catch {
            _ = try? await connection.ask("ROLLBACK", logger: logger)
            throw error
        }
    }

    /// The newest step applied (0 for none).
    static func version(on connection: PostgresConnection, logger: Logger) async throws -> Int {
        let rows = try await connection.ask("SELECT COALESCE(MAX(version), 0) FROM schema_version", logger: logger)
        for try await version in rows.decode(Int.self) { return version }
        return 0
    }
}
