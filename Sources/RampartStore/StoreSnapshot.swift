import HashTreeCollections
import RampartCore

/// An immutable, consistent view of every record. Reads never lock: a request takes the
/// current snapshot and everything it sees belongs to one committed state.
///
/// In the working-set mode (`residency` set) the snapshot holds the global kinds whole and the
/// records of the resident accounts only; a read of any other account goes to the database
/// (`RecordSource`), so an answer never depends on what happens to be loaded, only its cost does.
public struct StoreSnapshot: Sendable {
    /// One kind's records. Persistent maps (hash array mapped tries), not `Dictionary`: a write
    /// changes a copy of the snapshot that readers still hold, and a `Dictionary` copies itself whole
    /// on the first change, so at a million users every write (an access key's last use among them)
    /// spent about 160 ms copying the users' and keys' tables. A trie copies only the nodes on the
    /// changed key's path; lookups descend a few levels instead of probing once.
    struct Table: Sendable {
        var byKey: TreeDictionary<String, any Record> = [:]
        var byAccount: TreeDictionary<String, Set<String>> = [:]

        mutating func put(_ record: any Record) {
            let key = record.recordKey
            if let old = byKey[key], old.recordAccount != record.recordAccount {
                byAccount[old.recordAccount]?.remove(key)
            }
            byKey[key] = record
            byAccount[record.recordAccount, default: []].insert(key)
        }

        mutating func remove(_ key: String) {
            guard let old = byKey.removeValue(forKey: key) else { return }
            byAccount[old.recordAccount]?.remove(key)
        }

        /// Forgets every record of one account (eviction): the account's key set names them.
        mutating func removeAccount(_ account: String) {
            guard let keys = byAccount.removeValue(forKey: account) else { return }
            for key in keys { byKey.removeValue(forKey: key) }
        }
    }

    var tables: [RecordKind: Table] = [:]
    /// Nil when every record is in memory (the default); see `Residency`.
    package private(set) var residency: Residency?
    /// Counts commits: every committed write publishes a snapshot one higher. Caches of values
    /// derived from a snapshot key them by this. Loading or evicting an account changes no record,
    /// so it leaves the generation alone.
    public package(set) var generation: UInt64 = 0

    public init() {}

    /// A snapshot of the working-set mode: empty of accounts until `makeResident` loads them.
    package init(residency: Residency) {
        self.residency = residency
    }

    public func get<R: Record>(_ type: R.Type, _ key: String) -> R? {
        if let record = tables[R.kind]?.byKey[key] { return record as? R }
        guard let residency, !residency.isGlobal(R.kind),
            let stored = residency.source.record(kind: R.kind, key: key),
            !residency.holds(stored.recordAccount)
        else { return nil }
        return stored as? R
    }

    /// Every record of a kind in one account, in no particular order.
    public func all<R: Record>(_ type: R.Type, account: String) -> [R] {
        if let residency, !residency.isGlobal(R.kind), !residency.holds(account) {
            return residency.source.records(kind: R.kind, account: account).compactMap { $0 as? R }
        }
        guard let table = tables[R.kind], let keys = table.byAccount[account] else { return [] }
        return keys.compactMap { table.byKey[$0] as? R }
    }

    public func count<R: Record>(_ type: R.Type, account: String) -> Int {
        if let residency, !residency.isGlobal(R.kind), !residency.holds(account) {
            return residency.source.count(kind: R.kind, account: account)
        }
        return tables[R.kind]?.byAccount[account]?.count ?? 0
    }

    /// Every record of a kind, whichever account holds it, in no particular order. In the
    /// working-set mode a kind that is not global is read from the database: the resident
    /// accounts from memory (they may hold changes of this snapshot's own transaction), the
    /// others as stored.
    public func all<R: Record>(_ type: R.Type) -> [R] {
        let resident = tables[R.kind]?.byKey.values.compactMap { $0 as? R } ?? []
        guard let residency, !residency.isGlobal(R.kind) else { return resident }
        return resident
            + residency.source.records(kind: R.kind).filter { !residency.holds($0.recordAccount) }.compactMap {
                $0 as? R
            }
    }

    /// Whether no record of a kind exists in any account: a cheap test before a costlier lookup.
    public func isEmpty<R: Record>(_ type: R.Type) -> Bool {
        guard tables[R.kind]?.byKey.isEmpty ?? true else { return false }
        guard let residency, !residency.isGlobal(R.kind) else { return true }
        return all(type).isEmpty
    }

    package mutating func put(_ record: any Record) {
        let kind = type(of: record).kind
        makeResident(account: record.recordAccount, for: kind)
        tables[kind, default: Table()].put(record)
    }

    package mutating func remove(_ kind: RecordKind, _ key: String) {
        if let residency, !residency.isGlobal(kind), tables[kind]?.byKey[key] == nil,
            let stored = residency.source.record(kind: kind, key: key)
        {
            makeResident(account: stored.recordAccount, for: kind)
        }
        tables[kind]?.remove(key)
    }

    /// A write to an account that is not resident loads it first: the transaction must see the
    /// account whole (its limits count its records) and the committed snapshot must not hold a
    /// part of an account as if it were all of it.
    private mutating func makeResident(account: String, for kind: RecordKind) {
        guard let residency, !residency.isGlobal(kind), !residency.holds(account) else { return }
        makeResident(account)
    }

    /// Loads an account's records from the database (nothing when it is resident already, or when
    /// the read fails: reads of it then keep going to the database).
    package mutating func makeResident(_ account: String) {
        guard let residency, !residency.holds(account),
            let (records, bytes) = residency.source.accountRecords(account)
        else { return }
        adopt(account, records: records, bytes: bytes)
    }

    /// Makes an account resident with records its caller read (PostgreSQL reads them in the
    /// transaction that also brings the snapshot up to date, so the two agree).
    package mutating func adopt(_ account: String, records: [any Record], bytes: Int) {
        guard var residency, !residency.holds(account) else { return }
        for record in records where !residency.isGlobal(type(of: record).kind) {
            tables[type(of: record).kind, default: Table()].put(record)
        }
        residency.accounts[account] = bytes
        self.residency = residency
    }

    /// Reads again the stored size of a resident account, after a write changed it (the budget
    /// counts what is stored, and a write may have grown the account far past its load).
    package mutating func refreshStoredBytes(_ account: String) {
        guard let bytes = residency?.source.storedBytes(account) else { return }
        setStoredBytes(account, bytes)
    }

    /// Sets a resident account's stored size, read by the caller outside any lock.
    package mutating func setStoredBytes(_ account: String, _ bytes: Int) {
        guard var residency, residency.accounts[account] != nil else { return }
        residency.accounts[account] = bytes
        self.residency = residency
    }

    /// Applies a change another instance committed (a change-log row: `account` is the changed record's,
    /// nil for a deletion, and `record` decodes the row's body, nil for a deletion). In the working-set
    /// mode only what this snapshot holds changes: a record of an account that is not resident is left
    /// to the database, where later reads find it, without being decoded (a put of a resident account's
    /// record loads nothing); a deletion never reads the database.
    package mutating func apply(
        kind: RecordKind, key: String, account: String?, record: () throws -> (any Record)?
    ) rethrows {
        if let residency, !residency.isGlobal(kind), let account, !residency.holds(account) { return }
        guard let record = try record() else {
            tables[kind]?.remove(key)
            return
        }
        put(record)
    }

    /// Drops an account's records from memory; later reads of it go to the database.
    package mutating func evict(_ account: String) {
        guard var residency, residency.holds(account) else { return }
        for kind in tables.keys where !residency.isGlobal(kind) { tables[kind]?.removeAccount(account) }
        residency.accounts[account] = nil
        self.residency = residency
    }

    /// The accounts whose records are in memory with their stored size in bytes (nil: all of them).
    package var residentAccounts: [String: Int]? { residency?.accounts }
}

extension StoreSnapshot {
    /// Every account on this server, by id. Sorts the ids, not the records: moving whole accounts through
    /// the sort was most of a ListAccounts page at 2,000 accounts.
    public func allAccounts() -> [Account] {
        guard let table = tables[Account.kind] else { return [] }
        return table.byKey.keys.sorted().compactMap { table.byKey[$0] as? Account }
    }
}
