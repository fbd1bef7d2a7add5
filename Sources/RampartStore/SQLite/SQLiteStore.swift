import Foundation
import Synchronization

/// The embedded default store: every record lives in one SQLite table and, decoded, in an
/// in-memory snapshot that serves all reads. Writes are serialized by a lock, written to
/// SQLite in one transaction, and published as a new snapshot only after COMMIT succeeds,
/// so a failed write leaves neither the file nor the memory half-changed.
///
/// One process owns a data folder (the server takes an exclusive lock on it); several
/// instances need the PostgreSQL store.
public final class SQLiteStore: Store {
    private struct State {
        var snapshot: StoreSnapshot
        let database: SQLiteDatabase
        let upsert: SQLiteStatement
        let delete: SQLiteStatement
        let journal: SQLiteStatement
    }

    private let state: Mutex<State>
    private let published: Mutex<StoreSnapshot>
    private let encoder: JSONEncoder
    private let decoder: JSONDecoder

    /// Opens (creating if needed) the database at `path` and loads every record of the
    /// registered types.
    public init(path: String, recordTypes: [any Record.Type]) throws {
        let database = try SQLiteDatabase(path: path)
        try database.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
        try SQLiteMigrations.apply(to: database)

        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        var decoders: [String: (Data) throws -> any Record] = [:]
        var journals = Set<String>()
        for type in recordTypes {
            decoders[type.kind.name] = { data in try decoder.decode(type, from: data) }
            if type.isJournal { journals.insert(type.kind.name) }
        }
        var snapshot = StoreSnapshot()
        try database.prepare("SELECT kind, key, body FROM records").forEachRow([]) { row in
            let kind = row.text(0)
            if journals.contains(kind) { return }
            guard let decode = decoders[kind] else { throw StoreError.unknownKind(kind) }
            do {
                snapshot.put(try decode(Data(row.blob(2))))
            } catch {
                throw StoreError.corruptRecord(kind: kind, key: row.text(1))
            }
        }

        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = .sortedKeys
        self.encoder = encoder
        state = Mutex(
            State(
                snapshot: snapshot, database: database,
                upsert: try database.prepare(
                    "INSERT INTO records(kind, key, account, body) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT(kind, key) DO UPDATE SET account = excluded.account, body = excluded.body"),
                delete: try database.prepare("DELETE FROM records WHERE kind = ? AND key = ?"),
                journal: try database.prepare(
                    "SELECT body FROM records WHERE kind = ? AND account = ? ORDER BY key")))
        published = Mutex(snapshot)
        self.decoder = decoder
    }

    public func journal<R: Record>(_ type: R.Type, account: String) async throws -> [R] {
        try state.withLock { state in
            var records = [R]()
            try state.journal.forEachRow([.text(R.kind.name), .text(account)]) { row in
                records.append(try decoder.decode(R.self, from: Data(row.blob(0))))
            }
            return records
        }
    }

    public func snapshot() -> StoreSnapshot {
        published.withLock { $0 }
    }

    public func write<T: Sendable>(_ body: (inout StoreTransaction) throws -> T) async throws -> T {
        try state.withLock { state in
            var transaction = StoreTransaction(snapshot: state.snapshot)
            let result = try body(&transaction)
            if transaction.changes.isEmpty { return result }
            try persist(transaction.changes, in: state)
            var committed = transaction.snapshot
            committed.generation = state.snapshot.generation &+ 1
            state.snapshot = committed
            published.withLock { $0 = committed }
            return result
        }
    }

    private func persist(_ changes: [StoreTransaction.Change], in state: State) throws {
        try state.database.execute("BEGIN IMMEDIATE")
        do {
            for change in changes {
                switch change {
                case .put(let record):
                    let body = try encoder.encode(record)
                    try state.upsert.run([
                        .text(type(of: record).kind.name), .text(record.recordKey), .text(record.recordAccount),
                        .blob(Array(body)),
                    ])
                case .delete(let kind, let key):
                    try state.delete.run([.text(kind.name), .text(key)])
                }
            }
            try state.database.execute("COMMIT")
        } catch {
            try? state.database.execute("ROLLBACK")
            throw error
        }
    }
}
