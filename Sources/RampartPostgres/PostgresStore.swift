import Foundation
import Logging
import PostgresNIO
import RampartCore
import RampartStore
import Synchronization

/// The store for several instances on one PostgreSQL database. Each instance serves reads from
/// an in-memory snapshot, as the SQLite store does; what keeps the instances one system is the
/// database:
///
/// - A write takes a transaction-scoped advisory lock (`writeLock`), brings the snapshot up to
///   the change log, runs its closure on that, and commits its records, its change-log rows and
///   its trail events together. Every check a closure makes (the 8th MFA device, a TOTP step
///   already used) is therefore made on the latest committed state whichever instance made it,
///   and no two writers interleave. The lock is held until COMMIT, so the change log's numbers
///   (`seq`, one per write) commit in order, without gaps.
/// - Each instance follows the change log: `LISTEN` wakes it when another commits, and it reads
///   the rows after the last `seq` it applied. Its own writes are in its snapshot at once.
/// - A write whose closure, run first on the snapshot in memory, returns without changing anything
///   never reaches the database; one that changes something, or refuses, runs again on the latest
///   state under the lock, so nothing is refused or let through on a stale view.
public final class PostgresStore: Store {
    private struct Local: Sendable {
        var snapshot: StoreSnapshot
        var seq: Int64
    }

    private let client: PostgresClient
    private let codec: RecordCodec
    private let trail: PostgresTrailRows
    private let logger: Logger
    /// Committed trail events go to its listeners (EventBridge's bus): each instance hands on the
    /// events it wrote, so every event reaches a bus once across the fleet.
    private let tap: TrailTap
    /// Writes and catch-ups, one at a time in this instance (the advisory lock orders instances).
    private let gate = AsyncGate()
    /// The announcements of this instance's keys, one at a time: each reads what `publish` last set
    /// when it runs, so a heartbeat's announcement cannot land after a newer one with older keys.
    private let keysGate = AsyncGate()
    private let local: Mutex<Local>
    private let queued = Mutex<[TrailEvent]>([])
    /// The ids of queued events, given when they are written (see `TrailEvent.materialized`).
    private let eventIds = AWSRequestIDs()
    private let flushing = Atomic<Bool>(false)
    /// Held by a flush from taking its first batch to writing its last: a lookup's flush that found
    /// the queue emptied by a background flush still writing would otherwise read the table before
    /// that batch commits, and miss events of calls answered before it (and announce them written).
    private let flushGate = AsyncGate()
    /// Events taken from `queued` by a batch being written.
    private let inFlight = Atomic<Int>(0)
    /// Catch-ups begun (counted as each starts, under `gate`), so that `catchUp(to:)` can tell one
    /// that began after it was called from one already under way.
    private let catchUps = Atomic<UInt64>(0)
    /// The newest `seq` another instance announced (NOTIFY); `settle` waits until it is applied.
    private let announced = Atomic<Int64>(0)
    /// Whether the database answered the last health check: while it does not, writes are refused
    /// at once (ServiceFailure) instead of waiting for a connection, and reads go on from memory.
    private let reachable = Atomic<Bool>(true)
    /// Named by the process id (so an operator, and a test, can tell which process is which) and a
    /// random part (so a restarted process with a reused id is another instance).
    private let fleet = FleetAcknowledgements(
        instance: "\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(6).lowercased())")
    /// The master keys this instance last announced (`FleetKeyRegistry`), repeated with each heartbeat.
    private let keysAnnounced = Mutex<(held: String, sealing: String)?>(nil)
    private let tasks = Mutex<[Task<Void, Never>]>([])
    /// The working-set mode (`--memory-budget`): where the records of accounts not held are read, and
    /// which held accounts to evict. Nil when every record is in memory (the default).
    private let residencySource: PostgresRecordSource?
    private let workingSet: Mutex<WorkingSet?>

    /// The advisory lock every write transaction holds (an arbitrary constant of this project's).
    static let writeLock = PostgresSchema.writeLock
    /// The channel a committed write notifies, with its `seq` as payload.
    static let channel = "rampart_changes"
    /// Change-log rows kept behind the newest: an instance further behind than this reloads whole.
    static let changeLogKept: Int64 = 50_000
    /// As `SQLiteStore.queueLimit`: a queue this long starts a flush at once.
    static let queueLimit = 50_000
    /// Queued events per flush transaction. Each holds the fleet's write lock while it runs, so this
    /// bounds how long a write waits behind the trail: written whole, a backlog of reads (an instance
    /// serving 10,000 GetUser a second) held every write of the fleet for seconds, and timed some out.
    static let flushBatch = 1_000

    /// Connects, applies migrations, loads every record (with a `memoryBudget` in bytes, only the
    /// global kinds: accounts are then loaded on first use, as in `SQLiteStore`), and starts following
    /// the change log.
    public static func open(
        url: PostgresDatabaseURL, recordTypes: [any Record.Type], maximumConnections: Int = 20,
        tap: TrailTap = TrailTap(), memoryBudget: Int? = nil, logger: Logger = Logger(label: "rampart.postgres")
    ) async throws -> PostgresStore {
        var configuration = try url.clientConfiguration()
        configuration.options.maximumConnections = maximumConnections
        configuration.options.connectTimeout = .seconds(5)
        configuration.options.additionalStartupParameters = Self.sessionLimits
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        let running = Task { await client.run() }
        do {
            let codec = RecordCodec(recordTypes: recordTypes)
            let source = try memoryBudget.map { _ in
                PostgresRecordSource(
                    configuration: try url.connectionConfiguration(), codec: codec,
                    partitioned: recordTypes.map { $0.kind }.filter { !Residency.defaultGlobalKinds.contains($0) },
                    logger: logger)
            }
            let store = PostgresStore(
                client: client, codec: codec, tap: tap, logger: logger, residencySource: source,
                memoryBudget: memoryBudget)
            store.tasks.withLock { $0.append(running) }
            try await client.withConnection { connection in
                try await PostgresSchema.apply(on: connection, logger: logger)
                try await store.reload(on: connection, inTransaction: false)
            }
            let follower = Task { await store.follow() }
            let heartbeat = Task { await store.heartbeat() }
            store.tasks.withLock { $0 += [follower, heartbeat] }
            return store
        } catch {
            running.cancel()
            throw StoreError.database("PostgreSQL at \(url): \(Self.describe(error))")
        }
    }

    private init(
        client: PostgresClient, codec: RecordCodec, tap: TrailTap, logger: Logger,
        residencySource: PostgresRecordSource?, memoryBudget: Int?
    ) {
        self.client = client
        self.tap = tap
        self.codec = codec
        self.logger = logger
        self.residencySource = residencySource
        workingSet = Mutex(memoryBudget.map { WorkingSet(budget: $0) })
        trail = PostgresTrailRows(logger: logger)
        local = Mutex(Local(snapshot: StoreSnapshot(), seq: 0))
    }

    /// An empty snapshot of this store's mode: the working set's (no account resident yet), or the default's.
    private func emptySnapshot() -> StoreSnapshot {
        guard let residencySource else { return StoreSnapshot() }
        return StoreSnapshot(residency: Residency(globalKinds: Residency.defaultGlobalKinds, source: residencySource))
    }

    /// Stops following the database and closes its connections.
    public func close() {
        for task in tasks.withLock({ $0 }) { task.cancel() }
    }

    deinit {
        for task in tasks.withLock({ $0 }) { task.cancel() }
    }

    public func snapshot() -> StoreSnapshot {
        local.withLock { $0.snapshot }
    }

    /// Loads the accounts a request serves, then evicts the least recently used over the budget. The
    /// account's rows are read in the transaction that also applies the change log up to that
    /// transaction's view, so the loaded records and the snapshot they join are of one moment; a
    /// load that fails leaves the account where it was (its reads keep going to the database).
    public func ensureResident(_ accounts: [AccountID]) async {
        guard let residencySource else { return }
        let wanted = accounts.map(\.rawValue)
        workingSet.withLock { $0?.touch(wanted) }
        let resident = local.withLock { $0.snapshot.residentAccounts ?? [:] }
        let missing = wanted.filter { resident[$0] == nil && !Residency.shared.contains($0) }
        guard !missing.isEmpty, reachable.load(ordering: .acquiring) else { return }
        do {
            try await gate.run {
                try await database { connection in
                    try await connection.ask("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
                    do {
                        try await catchUp(on: connection, lockingWrites: false, inTransaction: true)
                        var loaded = [(account: String, records: [any Record], bytes: Int)]()
                        for account in missing {
                            var records = [any Record]()
                            var bytes = 0
                            let rows = try await connection.ask(
                                residencySource.accountQuery(account), logger: logger)
                            for try await (kind, key, body) in rows.decode((String, String, ByteBuffer).self) {
                                bytes += body.readableBytes
                                records.append(try codec.decode(kind: kind, key: key, body: Data(buffer: body)))
                            }
                            loaded.append((account, records, bytes))
                        }
                        try await connection.ask("COMMIT", logger: logger)
                        local.withLock { local in
                            for (account, records, bytes) in loaded {
                                local.snapshot.adopt(account, records: records, bytes: bytes)
                            }
                            workingSet.withLock { $0?.evictOverBudget(&local.snapshot, keeping: Set(wanted)) }
                        }
                    } catch {
                        await abandon(connection)
                        throw error
                    }
                }
            }
        } catch {
            logger.warning("loading accounts \(missing) failed: \(Self.describe(error))")
        }
    }

    /// After a write in the working-set mode: the written accounts that are resident get their stored
    /// sizes read again (one query on a pooled connection, awaited: the record source's reads block
    /// their thread, one of the loops that serve requests), are marked as used, and the budget is kept.
    private func settleWorkingSet(after changes: [StoreTransaction.Change]) async {
        guard let residencySource else { return }
        var written = Set<String>()
        for case .put(let record) in changes { written.insert(record.recordAccount) }
        let resident = local.withLock { $0.snapshot.residentAccounts ?? [:] }
        let accounts = written.filter { resident[$0] != nil }.sorted()
        guard !accounts.isEmpty else { return }
        let sizes: [(account: String, bytes: Int64)] =
            (try? await database { connection in
                var sizes = [(account: String, bytes: Int64)]()
                let rows = try await connection.ask(residencySource.storedBytesQuery(accounts), logger: logger)
                for try await size in rows.decode((String, Int64).self) { sizes.append(size) }
                return sizes
            }) ?? []
        workingSet.withLock { $0?.touch(accounts) }
        local.withLock { local in
            for (account, bytes) in sizes { local.snapshot.setStoredBytes(account, Int(bytes)) }
            workingSet.withLock { $0?.evictOverBudget(&local.snapshot, keeping: Set(accounts)) }
        }
    }

    /// How far this instance has applied the change log (for tests and metrics).
    public var appliedSequence: Int64 { local.withLock { $0.seq } }

    public var changePosition: Int64 { appliedSequence }

    /// A browser answered by another instance after its commit `position` (the console's position
    /// cookie) may come here before this instance has heard of that commit: NOTIFY and the writer's wait
    /// for its peers (`FleetAcknowledgements.patience`) are quick, not certain, on a loaded machine. One
    /// catch-up that begins after this call reads every commit answered before it; calls that arrive
    /// together share one, so cookies naming positions that never come cost a query a moment, not one each.
    public func catchUp(to position: Int64) async {
        guard position > appliedSequence, reachable.load(ordering: .acquiring) else { return }
        let arrived = catchUps.load(ordering: .acquiring)
        do {
            try await gate.run {
                guard catchUps.load(ordering: .acquiring) == arrived, position > appliedSequence else { return }
                try await catchUpAndAnnounce()
            }
        } catch {
            logger.warning("catching up for a browser failed", metadata: ["error": "\(Self.describe(error))"])
        }
    }

    public func write<T: Sendable>(_ body: (inout StoreTransaction) throws -> T) async throws -> T {
        // A closure that, on the snapshot in memory, returns without changing anything (nothing to do)
        // is answered at once; one that changes something or refuses is run again on the latest state.
        var trial = StoreTransaction(snapshot: snapshot())
        if let early = try? body(&trial), trial.changes.isEmpty { return early }
        guard reachable.load(ordering: .acquiring) else { throw Self.unreachable }
        var written: Int64?
        var committedChanges: [StoreTransaction.Change]?
        let result = try await gate.run {
            try await database { connection in
                try await connection.ask("BEGIN", logger: logger)
                do {
                    try await catchUp(on: connection, lockingWrites: true)
                    let current = local.withLock { $0 }
                    var transaction = StoreTransaction(snapshot: current.snapshot)
                    let result = try body(&transaction)
                    guard !transaction.changes.isEmpty else {
                        try await connection.ask("COMMIT", logger: logger)
                        return result
                    }
                    let call = TrailCall.current
                    if let event = call?.claim(writeResult: result) { transaction.record(event) }
                    let seq = current.seq + 1
                    do {
                        try await persist(transaction.changes, seq: seq, on: connection)
                        try await connection.ask("COMMIT", logger: logger)
                    } catch {
                        call?.release()
                        throw error
                    }
                    var committed = transaction.snapshot
                    committed.generation = current.snapshot.generation &+ 1
                    local.withLock { $0 = Local(snapshot: committed, seq: seq) }
                    written = seq
                    committedChanges = transaction.changes
                    var events = [TrailEvent]()
                    for case .trail(let event) in transaction.changes { events.append(event) }
                    tap.committed(events)
                    return result
                } catch {
                    await abandon(connection)
                    throw error
                }
            }
        }
        if let written { await fleet.wait(for: written) }
        if let committedChanges { await settleWorkingSet(after: committedChanges) }
        return result
    }

    /// Writes a transaction's records, its change-log rows (numbered `seq`) and its trail events, and
    /// notifies the channel. A record changed twice in one transaction is written once, as it ended.
    /// Two round trips when the write has trail events (their chain heads, then the rest), one when
    /// not: every row goes in one statement (`PostgresCombinedStatement`) unless there are too many
    /// for one, when they go a statement per table.
    private func persist(_ changes: [StoreTransaction.Change], seq: Int64, on connection: PostgresConnection)
        async throws
    {
        var rows: [String: (order: Int, row: ChangeRow)] = [:]
        var events = [TrailEvent]()
        for (order, change) in changes.enumerated() {
            switch change {
            case .put(let record):
                let kind = type(of: record).kind.name
                let body = try codec.encode(record)
                rows[kind + "\u{0}" + record.recordKey] = (
                    order,
                    ChangeRow(
                        kind: kind, key: record.recordKey, account: record.recordAccount, body: ByteBuffer(data: body))
                )
            case .delete(let kind, let key):
                rows[kind.name + "\u{0}" + key] = (order, ChangeRow(kind: kind.name, key: key, account: nil, body: nil))
            case .trail(let event):
                events.append(event)
            }
        }
        let ordered = Array(rows.values.sorted { $0.order < $1.order }.map(\.row).enumerated())
        let puts = ordered.map(\.element).filter { $0.body != nil }
        let deletions = ordered.map(\.element).filter { $0.body == nil }
        let links = events.isEmpty ? nil : try await trail.links(for: events, on: connection)
        let parameters =
            ordered.count * 6 + puts.count * 4 + deletions.count * 2 + (links?.rows.count ?? 0) * 15
            + (links?.index.lists.count ?? 0) * 7 + 2
        var statement = PostgresCombinedStatement()
        if parameters <= PostgresCombinedStatement.parameterLimit {
            statement.values(ordered, prefix: Self.insertChanges, columns: 6) { Self.bind($0, seq: seq, &$1) }
            statement.values(puts, prefix: Self.upsertRecords, columns: 4, suffix: Self.upsertSuffix, bind: Self.bind)
            statement.values(deletions, prefix: Self.deleteRecords, columns: 2, suffix: ")", bind: Self.bindKey)
            if let links { PostgresTrailRows.add(links.rows, index: links.index, to: &statement) }
        } else {
            try await PostgresRows.insert(
                ordered, prefix: Self.insertChanges, columns: 6, on: connection, logger: logger
            ) {
                Self.bind($0, seq: seq, &$1)
            }
            try await PostgresRows.insert(
                puts, prefix: Self.upsertRecords, columns: 4, suffix: Self.upsertSuffix, on: connection, logger: logger,
                bind: Self.bind)
            try await PostgresRows.insert(
                deletions, prefix: Self.deleteRecords, columns: 2, suffix: ")", on: connection, logger: logger,
                bind: Self.bindKey)
            if let links { try await trail.insert(links.rows, index: links.index, on: connection) }
        }
        let notify = statement.query(final: { "pg_notify($\($0), $\($0 + 1))" }) { binds in
            binds.append(Self.channel)
            binds.append(String(seq))
        }
        try await connection.ask(notify, logger: logger)
        if seq % 1000 == 0 {
            try await connection.ask("DELETE FROM changes WHERE seq <= \(seq - Self.changeLogKept)", logger: logger)
        }
    }

    /// One changed record, as the change log and the records table hold it (a nil body: deleted).
    private struct ChangeRow {
        var kind: String
        var key: String
        var account: String?
        var body: ByteBuffer?
    }

    private static let insertChanges = "INSERT INTO changes(seq, ordinal, kind, key, account, body)"
    private static let upsertRecords = "INSERT INTO records(kind, key, account, body)"
    private static let upsertSuffix =
        " ON CONFLICT (kind, key) DO UPDATE SET account = EXCLUDED.account, body = EXCLUDED.body"
    private static let deleteRecords = "DELETE FROM records WHERE (kind, key) IN ("

    private static func bind(_ item: (offset: Int, element: ChangeRow), seq: Int64, _ binds: inout PostgresBindings) {
        binds.append(seq)
        binds.append(Int32(item.offset))
        binds.append(item.element.kind)
        binds.append(item.element.key)
        binds.append(item.element.account)
        binds.append(item.element.body)
    }

    private static func bindKey(_ row: ChangeRow, _ binds: inout PostgresBindings) {
        binds.append(row.kind)
        binds.append(row.key)
    }

    private static func bind(_ row: ChangeRow, _ binds: inout PostgresBindings) {
        binds.append(row.kind)
        binds.append(row.key)
        binds.append(row.account ?? "")
        binds.append(row.body)
    }

    /// Applies the change log after the last `seq` this instance applied. Call under `gate`.
    /// `lockingWrites`: the caller's transaction is open, and the same round trip takes the write
    /// lock first (`rampart_write_begin`), so no write can commit between this one's reads.
    /// `inTransaction`: the caller's transaction is open (a reload then reads in it); by default, when
    /// `lockingWrites`.
    private func catchUp(on connection: PostgresConnection, lockingWrites: Bool, inTransaction: Bool? = nil)
        async throws
    {
        catchUps.add(1, ordering: .releasing)
        let current = local.withLock { $0 }
        let rows = try await connection.ask(
            lockingWrites
                ? "SELECT seq, kind, key, account, body FROM rampart_write_begin_accounts(\(current.seq))"
                : """
                SELECT seq, kind, key, account, body FROM changes WHERE seq > \(current.seq) ORDER BY seq, ordinal
                """,
            logger: logger)
        var snapshot = current.snapshot
        var last = current.seq
        var gap = false
        for try await (seq, kind, key, account, body) in rows.decode((Int64, String, String, String?, ByteBuffer?).self)
        {
            if last == current.seq, seq != current.seq + 1 {
                gap = true
                break
            }
            last = seq
            try snapshot.apply(kind: RecordKind(kind), key: key, account: account) {
                try body.map { try codec.decode(kind: kind, key: key, body: Data(buffer: $0)) }
            }
        }
        if gap {
            logger.warning("behind the change log's oldest kept row: reloading every record")
            try await reload(on: connection, inTransaction: inTransaction ?? lockingWrites)
            return
        }
        guard last != current.seq else { return }
        snapshot.generation = current.snapshot.generation &+ 1
        local.withLock { $0 = Local(snapshot: snapshot, seq: last) }
    }

    /// What a reload reads: every record, or in the working-set mode the global kinds and the shared
    /// pseudo-accounts (resident accounts are dropped by a reload and loaded again on their next use).
    private var recordsToLoad: PostgresQuery {
        guard residencySource != nil else { return "SELECT kind, key, body FROM records" }
        let global = Residency.defaultGlobalKinds.map(\.name).sorted()
        let shared = Residency.shared.sorted()
        return "SELECT kind, key, body FROM records WHERE kind = ANY(\(global)) OR account = ANY(\(shared))"
    }

    /// Loads every record and the change log's position, in one consistent view.
    private func reload(on connection: PostgresConnection, inTransaction: Bool) async throws {
        if !inTransaction {
            try await connection.ask("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
        }
        do {
            var seq: Int64 = 0
            for try await last in try await connection.ask(
                "SELECT COALESCE(MAX(seq), 0)::BIGINT FROM changes", logger: logger
            ).decode(Int64.self) { seq = last }
            var snapshot = emptySnapshot()
            let rows = try await connection.ask(recordsToLoad, logger: logger)
            for try await (kind, key, body) in rows.decode((String, String, ByteBuffer).self) {
                snapshot.put(try codec.decode(kind: kind, key: key, body: Data(buffer: body)))
            }
            if !inTransaction { try await connection.ask("COMMIT", logger: logger) }
            local.withLock { local in
                snapshot.generation = local.snapshot.generation &+ 1
                local = Local(snapshot: snapshot, seq: seq)
            }
        } catch {
            if !inTransaction { _ = try? await connection.ask("ROLLBACK", logger: logger) }
            throw error
        }
    }

    /// Listens for other instances' commits and applies them; reconnects after a failure. A
    /// catch-up right after LISTEN takes effect covers what was committed while not listening.
    private func follow() async {
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: Self.channel) { notifications in
                        try await self.catchUpNow()
                        for try await notification in notifications {
                            if self.fleet.hear(notification.payload) { continue }
                            guard let seq = Int64(notification.payload) else { continue }
                            self.announced.max(seq)
                            if seq <= self.appliedSequence { continue }
                            try await self.catchUpNow()
                        }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                logger.warning(
                    "following the change log failed; retrying", metadata: ["error": "\(Self.describe(error))"])
                try? await Task.sleep(for: .milliseconds(500))
            }
        }
    }

    public func settle() async {
        guard announced.load(ordering: .acquiring) > appliedSequence else { return }
        do {
            // A read never queues behind this instance's writes: if one holds the gate, it catches up
            // itself (under the write lock) and the follower does the rest; the read answers from memory.
            _ = try await gate.runIfFree { try await catchUpAndAnnounce() }
        } catch {
            // Answered from what this instance holds; the follower retries.
            logger.warning("catching up before a request failed", metadata: ["error": "\(Self.describe(error))"])
        }
    }

    private func catchUpNow() async throws {
        try await gate.run { try await catchUpAndAnnounce() }
    }

    /// Applies the change log and tells the other instances how far this one got. Call under `gate`.
    private func catchUpAndAnnounce() async throws {
        try await database { connection in
            try await catchUp(on: connection, lockingWrites: false)
            try await announce(on: connection)
        }
    }

    /// Tells the other instances how far this one has applied the change log.
    private func announce(on connection: PostgresConnection) async throws {
        let payload = fleet.announcement(appliedSequence)
        try await connection.ask("SELECT pg_notify(\(Self.channel), \(payload))", logger: logger)
    }

    /// Announces once a second, so writers know which instances are alive to wait for, and checks
    /// twice a second that the database answers (`reachable`).
    private func heartbeat() async {
        var beats = 0
        while !Task.isCancelled {
            let answered = await answers(within: .seconds(3))
            if reachable.exchange(answered, ordering: .acquiringAndReleasing) != answered {
                if answered {
                    logger.notice("PostgreSQL answers again: writes are accepted")
                } else {
                    logger.error("PostgreSQL does not answer: writes are refused, reads served from memory")
                }
            }
            if answered, beats % 2 == 0 {
                try? await keysGate.run {
                    try await database { connection in
                        try await announce(on: connection)
                        try await upsertKeys(on: connection)
                    }
                }
            }
            if beats % 20 == 0, let holder = gate.holder, holder.held > Self.callLimit * 2 {
                logger.critical(
                    "this instance's write gate has been held for \(holder.held)",
                    metadata: ["holder": "\(holder.label)"])
            }
            beats += 1
            try? await Task.sleep(for: .milliseconds(500))
        }
    }

    static let unreachable = StoreError.database("PostgreSQL does not answer; the write was not made")
    /// How long a call waits for a pooled connection before it answers ServiceFailure.
    static let connectionWait = Duration.seconds(3)
    /// How long a call may use its connection before the connection is closed under it (the call
    /// then answers ServiceFailure, its transaction rolled back by the server). A database that
    /// stops answering mid-call (a paused process, a lost network) would otherwise hold the call,
    /// and with it this instance's write gate, until the operating system gives up on the socket.
    static let callLimit = Duration.seconds(10)
    /// How often a call's watchdog looks whether its connection was closed under it.
    static let closedCheck = Duration.milliseconds(250)
    /// A lookup, a page of links to verify or a prune reads more than a write and is given longer.
    static let lookupLimit = Duration.seconds(30)
    /// Set on every session, enforced by the server: a writer waits at most 5 s for the fleet's
    /// write lock, and a session left idle inside a transaction (an instance paused or cut off
    /// while holding the lock) is ended after 10 s, so one stuck instance cannot stop the others'
    /// writes for longer than that.
    static let sessionLimits = [("lock_timeout", "5s"), ("idle_in_transaction_session_timeout", "10s")]

    /// Whether `SELECT 1` comes back within `limit`. A query stuck on a database that stopped
    /// answering (a paused process) is left to finish or fail on its own.
    private func answers(within limit: Duration) async -> Bool {
        let verdict = Mutex<CheckedContinuation<Bool, Never>?>(nil)
        let settle: @Sendable (Bool) -> Void = { answer in verdict.withLock { $0.take() }?.resume(returning: answer) }
        return await withCheckedContinuation { continuation in
            verdict.withLock { $0 = continuation }
            Task {
                let answered =
                    (try? await self.database { connection in
                        try await connection.ask("SELECT 1", logger: self.logger)
                    }) != nil
                settle(answered)
            }
            Task {
                try? await Task.sleep(for: limit)
                settle(false)
            }
        }
    }

    // MARK: The audit trail

    public func recordTrail(_ events: [TrailEvent]) {
        let full = queued.withLock { queued in
            queued.append(contentsOf: events)
            return queued.count >= Self.queueLimit
        }
        if full, flushing.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged {
            Task {
                defer { flushing.store(false, ordering: .releasing) }
                try? await flushTrail()
            }
        }
    }

    /// Writes what was queued when it was called, `flushBatch` events per transaction (events queued
    /// meanwhile wait for the next flush, so a lookup's flush ends however fast reads arrive).
    public func flushTrail() async throws {
        try await flushGate.run { try await flushQueued() }
    }

    private func flushQueued() async throws {
        let asOf = Int64(Date().epochMilliseconds)
        defer { Task { try? await announceFlushed(asOf) } }
        var left = queued.withLock { $0.count }
        while left > 0 {
            let events = queued.withLock { queued in
                let batch = Array(queued.prefix(min(left, Self.flushBatch)))
                queued.removeFirst(batch.count)
                inFlight.add(batch.count, ordering: .relaxed)
                return batch
            }.map { $0.materialized(id: eventIds.next) }
            guard !events.isEmpty else { return }
            left -= events.count
            try await writeTrailBatch(events)
        }
    }

    private func writeTrailBatch(_ events: [TrailEvent]) async throws {
        defer { inFlight.subtract(events.count, ordering: .relaxed) }
        do {
            guard reachable.load(ordering: .acquiring) else { throw Self.unreachable }
            try await database { connection in
                try await connection.ask("BEGIN", logger: logger)
                do {
                    try await takeWriteLock(on: connection)
                    try await trail.append(events, on: connection)
                    try await connection.ask("COMMIT", logger: logger)
                    tap.committed(events)
                } catch {
                    await abandon(connection)
                    throw error
                }
            }
        } catch {
            // Not written; they wait for the next batch.
            queued.withLock { $0.insert(contentsOf: events, at: 0) }
            throw error
        }
    }

    /// The events queued and those of the batch being written (which go back to the queue if the
    /// write fails): a batch waiting on an unreachable database is still unwritten.
    public func trailBacklog() -> TrailBacklog {
        let writing = inFlight.load(ordering: .relaxed)
        return queued.withLock { TrailBacklog(count: $0.count + writing, oldest: $0.first?.time) }
    }

    /// Tells the other instances that this one's events queued before `millis` are written.
    private func announceFlushed(_ millis: Int64) async throws {
        let payload = fleet.flushAnnouncement(millis)
        _ = try await database { connection in
            try await connection.ask("SELECT pg_notify(\(Self.channel), \(payload))", logger: logger)
        }
    }

    /// Waits (a flush interval, at most a second) for the other instances to write the events of
    /// calls they answered before this lookup.
    public func lookupTrail(_ query: TrailQuery) async throws -> TrailPage {
        let asked = Int64(Date().epochMilliseconds)
        try await flushTrail()
        await fleet.waitFlushed(through: asked)
        return try await database(within: Self.lookupLimit) { connection in
            try await trail.lookup(query, on: connection)
        }
    }

    public func trailLinks(account: AccountID, from sequence: Int64, limit: Int) async throws -> [TrailLink] {
        try await flushTrail()
        return try await database(within: Self.lookupLimit) { connection in
            try await trail.links(account: account, from: sequence, limit: limit, on: connection)
        }
    }

    public func trailAccounts() async throws -> [AccountID] {
        try await flushTrail()
        return try await database { connection in try await trail.accounts(on: connection) }
    }

    public func trailHead(account: AccountID) async throws -> TrailLink? {
        try await flushTrail()
        return try await database { connection in try await trail.head(account: account, on: connection) }
    }

    public func trailDigests(account: AccountID) async throws -> [TrailDigest] {
        try await database { connection in try await trail.digests(account: account, on: connection) }
    }

    /// Another instance may have written this account's next digest first: that is an error here,
    /// so the digest writer forgets what it knew and reads the digests again next time.
    public func appendTrailDigest(_ digest: TrailDigest) async throws {
        let written = try await database { connection in try await trail.append(digest, on: connection) }
        if !written {
            throw StoreError.database(
                "digest \(digest.number) of account \(digest.account.rawValue) was written by another instance")
        }
    }

    public func pruneTrail(before cutoff: Date) async throws -> Int {
        try await flushTrail()
        return try await database(within: Self.lookupLimit) { connection in
            try await trail.prune(before: Int64(cutoff.epochMilliseconds), on: connection)
        }
    }

    /// One statement, outside the write lock: the bucket's row lock orders instances taking from the
    /// same bucket, and a refusal changes nothing (the refill is computed from `at` when next taken).
    public func takeSharedToken(_ name: String, rate: Double, capacity: Double) async throws -> Bool? {
        guard reachable.load(ordering: .acquiring) else { throw Self.unreachable }
        return try await database { connection in
            let rows = try await connection.ask(
                """
                INSERT INTO rate_buckets AS b (name, tokens, at)
                VALUES (\(name), \(capacity) - 1, EXTRACT(EPOCH FROM clock_timestamp())::DOUBLE PRECISION)
                ON CONFLICT (name) DO UPDATE
                SET tokens = LEAST(\(capacity), b.tokens + GREATEST(0, EXCLUDED.at - b.at) * \(rate)) - 1, at = EXCLUDED.at
                WHERE LEAST(\(capacity), b.tokens + GREATEST(0, EXCLUDED.at - b.at) * \(rate)) >= 1
                RETURNING 1
                """, logger: logger)
            for try await _ in rows { return true }
            return false
        }
    }

    public func checkReady() async throws {
        // Answered at once while the health check says the database is away: a readiness probe that
        // waited for a connection (3 s) outlasted HAProxy's check timeout, so instances were taken out
        // by timeouts, later and less predictably than by an answer.
        guard reachable.load(ordering: .acquiring) else { throw Self.unreachable }
        let version = try await database { connection in
            try await PostgresSchema.version(on: connection, logger: logger)
        }
        guard version == PostgresSchema.steps.count else {
            throw StoreError.database("schema version \(version), this build writes \(PostgresSchema.steps.count)")
        }
    }

    /// Records `fingerprint` as the one every instance must have for `name`, or checks it against
    /// the one recorded, which may also be one of `alsoAccepting` (the other keys of a master key
    /// ring); a mismatch stops the start with `remedy`. Returns the recorded fingerprint.
    @discardableResult
    public func requireShared(
        _ name: String, fingerprint: String, alsoAccepting: [String] = [], remedy: String
    ) async throws -> String {
        let recorded = try await database { connection in
            try await connection.ask(
                "INSERT INTO shared_keys(name, fingerprint) VALUES (\(name), \(fingerprint)) ON CONFLICT (name) DO NOTHING",
                logger: logger)
            for try await recorded in try await connection.ask(
                "SELECT fingerprint FROM shared_keys WHERE name = \(name)", logger: logger
            ).decode(String.self) { return recorded }
            return fingerprint
        }
        guard recorded == fingerprint || alsoAccepting.contains(recorded) else {
            throw StoreError.database(
                "this instance's \(name) (\(fingerprint)) is not the one the database's other instances use "
                    + "(\(recorded)): \(remedy)")
        }
        return recorded
    }

    /// Ends a transaction that failed by closing its connection: the server rolls it back, and the
    /// pool opens a new one. A ROLLBACK sent instead could wait without end on a connection the
    /// server has just dropped (a fast shutdown), holding this instance's write gate and every read
    /// that settles behind it.
    private func abandon(_ connection: PostgresConnection) async {
        try? await connection.close()
    }

    /// Waits for the fleet's write lock (at most the session's `lock_timeout`). The row is read, so
    /// that a lock timeout is thrown here rather than as "current transaction is aborted" by the
    /// transaction's next statement.
    private func takeWriteLock(on connection: PostgresConnection) async throws {
        let rows = try await connection.ask("SELECT pg_advisory_xact_lock(\(Self.writeLock))", logger: logger)
        for try await _ in rows {}
    }

    // MARK: Connections

    /// Runs `body` on a pooled connection; a failure of the database itself becomes `StoreError`
    /// (the server answers ServiceFailure), while errors the body throws on purpose pass unchanged.
    private func database<T>(
        within limit: Duration = PostgresStore.callLimit, caller: String = #function, line: UInt = #line,
        _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        do {
            let handoff = ConnectionHandoff()
            let client = client
            Task {
                do {
                    try await client.withConnection { connection in
                        if handoff.offer(connection) { await handoff.heldUntilReturned() }
                    }
                } catch {
                    handoff.fail()
                }
            }
            guard let connection = await handoff.take(within: Self.connectionWait) else { throw Self.unreachable }
            defer { handoff.giveBack() }
            let logger = logger
            let abort = CallAbort()
            let watchdog = Task {
                let started = ContinuousClock.now
                var closed = false
                while ContinuousClock.now - started < limit {
                    guard (try? await Task.sleep(for: Self.closedCheck)) != nil else { return }
                    // Closed under the call (the database ended the session): a query the call sends
                    // now would never be answered, so its wait ends here instead of at the limit.
                    if !closed, connection.isClosed {
                        closed = true
                        if let sql = abort.abort(StoreError.database("PostgreSQL closed the connection")) {
                            logger.warning(
                                "the connection closed under a call's query: the query is given up",
                                metadata: ["caller": "\(caller):\(line)", "query": "\(sql)"])
                        }
                    }
                }
                logger.error(
                    "PostgreSQL has not answered a call for \(limit): closing its connection",
                    metadata: ["caller": "\(caller):\(line)"])
                try? await connection.close()
                abort.abort(StoreError.database("PostgreSQL did not answer within \(limit)"))
                // The call's queries are given up; a call still here waits on something else.
                guard (try? await Task.sleep(for: limit)) != nil else { return }
                logger.critical(
                    "a call has not returned \(limit) after its connection was closed",
                    metadata: ["caller": "\(caller):\(line)", "closed": "\(connection.isClosed)"])
            }
            defer { watchdog.cancel() }
            return try await CallAbort.$current.withValue(abort) { try await body(connection) }
        } catch let error as PSQLError {
            throw StoreError.database(Self.describe(error))
        } catch let error as PostgresDecodingError {
            throw StoreError.database(Self.describe(error))
        }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return "\(error.code): \(message)" }
            return "\(error.code)"
        }
        return String(describing: error)
    }
}

extension Atomic where Value == Int64 {
    /// Raises the value to `candidate` if it is higher.
    fileprivate func max(_ candidate: Int64) {
        var current = load(ordering: .relaxed)
        while current < candidate {
            let (exchanged, original) = compareExchange(
                expected: current, desired: candidate, ordering: .acquiringAndReleasing)
            if exchanged { return }
            current = original
        }
    }
}

extension PostgresStore: FleetKeyRegistry {
    public var instanceName: String { fleet.instance }

    public func publish(held: [String], sealing: String) async throws {
        keysAnnounced.withLock { $0 = (held.joined(separator: ","), sealing) }
        try await keysGate.run { try await database { connection in try await upsertKeys(on: connection) } }
    }

    /// Writes what `publish` last announced, with the database's time (instances' clocks may differ).
    private func upsertKeys(on connection: PostgresConnection) async throws {
        guard let keys = keysAnnounced.withLock({ $0 }) else { return }
        let instance = fleet.instance
        try await connection.ask(
            """
            INSERT INTO instance_keys(instance, held, sealing, seen_at) VALUES (\(instance), \(keys.held), \(keys.sealing), now())
            ON CONFLICT (instance) DO UPDATE SET held = EXCLUDED.held, sealing = EXCLUDED.sealing, seen_at = now()
            """, logger: logger)
    }

    public func liveInstances(within liveness: Duration) async throws -> [InstanceKeys] {
        let millis = Int64(liveness.components.seconds * 1000 + liveness.components.attoseconds / 1_000_000_000_000_000)
        return try await database { connection in
            var found = [InstanceKeys]()
            let rows = try await connection.ask(
                """
                SELECT instance, held, sealing FROM instance_keys
                WHERE seen_at > now() - make_interval(secs => \(Double(millis) / 1000))
                ORDER BY instance
                """, logger: logger)
            for try await (instance, held, sealing) in rows.decode((String, String, String).self) {
                found.append(
                    InstanceKeys(
                        instance: instance, held: held.split(separator: ",").map(String.init), sealing: sealing))
            }
            return found
        }
    }

    public func replaceShared(_ name: String, fingerprint: String) async throws {
        _ = try await database { connection in
            try await connection.ask(
                """
                INSERT INTO shared_keys(name, fingerprint) VALUES (\(name), \(fingerprint))
                ON CONFLICT (name) DO UPDATE SET fingerprint = EXCLUDED.fingerprint
                """, logger: logger)
        }
    }
}
