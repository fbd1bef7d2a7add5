import Foundation
import RampartCore
import Synchronization

/// The embedded default store: every record lives in one SQLite table and, decoded, in an
/// in-memory snapshot that serves all reads. Writes are serialized by a lock, written to
/// SQLite in one transaction, and published as a new snapshot only after COMMIT succeeds,
/// so a failed write leaves neither the file nor the memory half-changed.
///
/// The audit trail is in tables of its own in the same file (see `SQLiteTrailWriter`), so an
/// event commits in the transaction of the change it describes; lookups read it on a second
/// connection.
///
/// One process owns a data folder (the server takes an exclusive lock on it); several
/// instances need the PostgreSQL store.
public final class SQLiteStore: Store {
    private struct State {
        var snapshot: StoreSnapshot
        let database: SQLiteDatabase
        let upsert: SQLiteStatement
        let delete: SQLiteStatement
        let trail: SQLiteTrailWriter
    }

    private let state: SleepingLock<State>
    private let published: Mutex<StoreSnapshot>
    /// Events of calls that changed nothing, waiting for the next batch.
    private let queued = Mutex<[TrailEvent]>([])
    /// Held by a flush from taking the queue to appending it (see `flushQueued`).
    private let flushGate = SleepingLock(())
    /// The ids of queued events, given when they are written (see `TrailEvent.materialized`).
    private let eventIds = AWSRequestIDs()
    private let reader: SQLiteTrailReader
    private let path: String
    private let codec: RecordCodec
    /// Committed trail events go to its listeners (EventBridge's bus).
    private let tap: TrailTap
    /// The working-set mode's eviction order; nil when every record is in memory.
    private let workingSet: Mutex<WorkingSet?>
    private let holdsEveryRecord: Bool
    /// Makes reads' events, kept as facts, back into events; without one they are kept as records.
    private let renderer: (any TrailFactsRenderer)?

    /// A queue this long is written by the call that fills it, so a trail that cannot keep up
    /// slows its callers instead of growing without bound (the background writer empties it every
    /// 100 ms, so only a flood gets here).
    static let queueLimit = 50_000

    /// Opens (creating if needed) the database at `path` and loads every record of the
    /// registered types, or with a `memoryBudget` (bytes) only the global kinds: accounts are then
    /// loaded on first use and the least recently used evicted over the budget (see `Residency`).
    /// With a `renderer`, queued events that can be (reads', refusals') are kept as facts in blocks
    /// (`SQLiteTrailBlock`), and `renderer` makes them back into events when they are read.
    public init(
        path: String, recordTypes: [any Record.Type], tap: TrailTap = TrailTap(), memoryBudget: Int? = nil,
        renderer: (any TrailFactsRenderer)? = nil
    ) throws {
        let database = try SQLiteDatabase(path: path)
        try database.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
        try SQLiteMigrations.apply(to: database)

        let codec = RecordCodec(recordTypes: recordTypes)
        var snapshot = StoreSnapshot()
        // `audit-event` rows are the journal of versions before the trail had tables of its own;
        // they stay in the file, unread.
        var load = "SELECT kind, key, body FROM records WHERE kind != 'audit-event'"
        if memoryBudget != nil {
            let global = Residency.defaultGlobalKinds
            let source = try SQLiteRecordSource(
                path: path, codec: codec, partitioned: recordTypes.map { $0.kind }.filter { !global.contains($0) })
            snapshot = StoreSnapshot(residency: Residency(globalKinds: global, source: source))
            let names = global.map { "'\($0.name)'" }.sorted().joined(separator: ", ")
            let shared = Residency.shared.map { "'\($0)'" }.sorted().joined(separator: ", ")
            load = "SELECT kind, key, body FROM records WHERE kind IN (\(names)) OR account IN (\(shared))"
        }
        workingSet = Mutex(memoryBudget.map { WorkingSet(budget: $0) })
        holdsEveryRecord = memoryBudget == nil
        try database.prepare(load).forEachRow([]) { row in
            snapshot.put(try codec.decode(kind: row.text(0), key: row.text(1), body: Data(row.blob(2))))
        }
        self.codec = codec
        let trail = try SQLiteTrailWriter(database: database)
        try trail.indexUnindexed(renderer: renderer)
        self.renderer = renderer
        state = SleepingLock(
            State(
                snapshot: snapshot, database: database,
                upsert: try database.prepare(
                    "INSERT INTO records(kind, key, account, body) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT(kind, key) DO UPDATE SET account = excluded.account, body = excluded.body"),
                delete: try database.prepare("DELETE FROM records WHERE kind = ? AND key = ?"),
                trail: trail))
        published = Mutex(snapshot)
        reader = try SQLiteTrailReader(path: path, renderer: renderer)
        self.path = path
        self.tap = tap
    }

    /// Loads the accounts a request serves (under the write lock, so a load never interleaves with
    /// a commit), then evicts the least recently used over the budget.
    public func ensureResident(_ accounts: [AccountID]) async {
        guard !holdsEveryRecord else { return }
        let wanted = accounts.map(\.rawValue)
        workingSet.withLock { $0?.touch(wanted) }
        let resident = published.withLock { $0.residentAccounts ?? [:] }
        if wanted.allSatisfy({ resident[$0] != nil || Residency.shared.contains($0) }) { return }
        state.withLock { state in
            var working = state.snapshot
            state.snapshot = StoreSnapshot()
            published.withLock { published in
                // Made in place: with `published` and `state` let go, `working` is the only reference
                // to the tables unless a request still holds an older snapshot, so a load does not copy
                // every resident account's records (it did, and a cold request grew slower with each
                // account loaded). Readers wait on this lock for the load, a few milliseconds.
                published = StoreSnapshot()
                for account in wanted { working.makeResident(account) }
                workingSet.withLock { $0?.evictOverBudget(&working, keeping: Set(wanted)) }
                published = working
            }
            state.snapshot = working
        }
    }

    /// Events are queued in the order their calls ended, so the first is the oldest (to within the
    /// length of a call).
    public func trailBacklog() -> TrailBacklog {
        queued.withLock { TrailBacklog(count: $0.count, oldest: $0.first?.time) }
    }

    /// Opens the file afresh, read-only, so that a database deleted, moved or made unreadable under
    /// the running server is noticed, and reads its schema version.
    public func checkReady() async throws {
        let database = try SQLiteDatabase(path: path, readOnly: true)
        let version = try SQLiteMigrations.version(of: database)
        guard version == SQLiteMigrations.steps.count else {
            throw StoreError.database("schema version \(version), this build writes \(SQLiteMigrations.steps.count)")
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
            let call = TrailCall.current
            if let event = call?.claim(writeResult: result) { transaction.record(event) }
            do {
                var none = [TrailEvent]()
                try persist(transaction.changes, queued: [], kept: &none, in: state)
            } catch {
                call?.release()
                throw error
            }
            var committed = transaction.snapshot
            committed.generation = state.snapshot.generation &+ 1
            state.snapshot = committed
            if !holdsEveryRecord {
                // The accounts the write touched were loaded by it (a write loads its accounts whole).
                let written = Set(transaction.changedAccounts.values.joined())
                for account in written { state.snapshot.refreshStoredBytes(account) }
                workingSet.withLock { $0?.touch(written) }
                workingSet.withLock { $0?.evictOverBudget(&state.snapshot, keeping: written) }
                let snapshot = state.snapshot
                published.withLock { $0 = snapshot }
            } else {
                published.withLock { $0 = committed }
            }
            return result
        }
    }

    public func recordTrail(_ events: [TrailEvent]) {
        let full = queued.withLock { queued in
            queued.append(contentsOf: events)
            return queued.count >= Self.queueLimit
        }
        if full { try? flushQueued() }
    }

    /// Writes the queue on a thread of its own: a batch takes milliseconds, and the caller's thread
    /// may be an event loop with requests waiting.
    public func flushTrail() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            DispatchQueue.global(qos: .utility).async {
                continuation.resume(with: Result { try self.flushQueued() })
            }
        }
    }

    public func lookupTrail(_ query: TrailQuery) async throws -> TrailPage {
        try flushQueued()
        return try reader.lookup(query)
    }

    public func trailLinks(account: AccountID, from sequence: Int64, limit: Int) async throws -> [TrailLink] {
        try flushQueued()
        return try reader.links(account: account, from: sequence, limit: limit)
    }

    public func trailAccounts() async throws -> [AccountID] {
        try flushQueued()
        return try reader.accounts()
    }

    public func trailHead(account: AccountID) async throws -> TrailLink? {
        try flushQueued()
        return try reader.head(account: account)
    }

    public func trailDigests(account: AccountID) async throws -> [TrailDigest] {
        try reader.digests(account: account)
    }

    public func appendTrailDigest(_ digest: TrailDigest) async throws {
        try state.withLock { state in try state.trail.append(digest) }
    }

    public func pruneTrail(before cutoff: Date) async throws -> Int {
        try flushQueued()
        return try state.withLock { state in
            let removed = try state.trail.prune(before: Int64(cutoff.epochMilliseconds))
            if removed > 0 { state.trail.forgetHeads() }
            return removed
        }
    }

    /// Takes the queue, makes its pending events (or, with a renderer, their facts), then appends them
    /// under the writer lock. The gate keeps batches in the order they were taken; the writer lock is held
    /// only to append, so a write does not wait while a batch is made (about 2 µs an event).
    private func flushQueued() throws {
        try flushGate.withLock { _ in
            var taken = queued.withLock { queued in
                defer { queued.removeAll(keepingCapacity: true) }
                return queued
            }
            var made = [TrailEvent]()
            var keptIndexes = [Int]()
            var facts = SQLiteTrailFactsBatch()
            // Through a buffer pointer: the array's subscript copied each whole event (its strings retained
            // and released) to read its source.
            taken.withUnsafeBufferPointer { events in
                for index in events.indices {
                    if renderer != nil, let source = events[index].source {
                        facts.add(source)
                        keptIndexes.append(index)
                    } else {
                        made.append(events[index].materialized(id: eventIds.next))
                    }
                }
            }
            // The pending events kept as facts, named by their ids once written (for the tap): the queue
            // itself when it holds nothing else, as it does but for an AssumeRole across accounts.
            var kept = made.isEmpty ? taken : keptIndexes.map { taken[$0] }
            taken.removeAll()
            try state.withLock { state in
                guard !made.isEmpty || !facts.isEmpty || state.trail.hasUnindexed else { return }
                do {
                    try persist([], queued: made, facts: facts, kept: &kept, in: state)
                } catch {
                    // Not written; they wait for the next batch (those made, with their ids).
                    queued.withLock { $0.insert(contentsOf: made + kept, at: 0) }
                    throw error
                }
            }
        }
    }

    /// Writes `changes` and `queued` trail events in one transaction, with the batch's lookup index.
    /// A write does not take the queue with it: the queue is written by `flushQueued`, off the
    /// request path, so a write never waits for a batch of reads' events.
    /// `facts` are the facts of the pending events `kept`, which are given the ids their blocks name (for
    /// the tap's listeners, who make them only if they want them).
    private func persist(
        _ changes: [StoreTransaction.Change], queued events: [TrailEvent],
        facts: SQLiteTrailFactsBatch = SQLiteTrailFactsBatch(), kept: inout [TrailEvent], in state: State
    ) throws {
        try state.database.execute("BEGIN IMMEDIATE")
        do {
            for event in events { try state.trail.append(event) }
            if !facts.isEmpty {
                for (index, id) in try state.trail.append(facts).enumerated() { kept[index].eventId = id }
            }
            for change in changes {
                switch change {
                case .put(let record):
                    let body = try codec.encode(record)
                    try state.upsert.run([
                        .text(type(of: record).kind.name), .text(record.recordKey), .text(record.recordAccount),
                        .blob(Array(body)),
                    ])
                case .delete(let kind, let key):
                    try state.delete.run([.text(kind.name), .text(key)])
                case .trail(let event):
                    try state.trail.append(event)
                }
            }
            // A batch of queued events writes the index; a write's event waits for the next batch.
            try state.trail.finishBatch(index: !events.isEmpty || !facts.isEmpty || changes.isEmpty)
            try state.database.execute("COMMIT")
            state.trail.committed()
            var written = events.isEmpty ? kept : events + kept
            for case .trail(let event) in changes { written.append(event) }
            tap.committed(written)
        } catch {
            try? state.database.execute("ROLLBACK")
            state.trail.rolledBack()
            throw error
        }
    }
}
