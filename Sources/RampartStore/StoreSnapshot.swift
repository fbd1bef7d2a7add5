import RampartCore

/// An immutable, consistent view of every record. Reads never lock: a request takes the
/// current snapshot and everything it sees belongs to one committed state.
public struct StoreSnapshot: Sendable {
    struct Table: Sendable {
        var byKey: [String: any Record] = [:]
        var byAccount: [String: Set<String>] = [:]

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
    }

    var tables: [RecordKind: Table] = [:]
    /// Counts commits: every committed write publishes a snapshot one higher. Caches of values
    /// derived from a snapshot key them by this.
    public package(set) var generation: UInt64 = 0

    public init() {}

    public func get<R: Record>(_ type: R.Type, _ key: String) -> R? {
        tables[R.kind]?.byKey[key] as? R
    }

    /// Every record of a kind in one account, in no particular order.
    public func all<R: Record>(_ type: R.Type, account: String) -> [R] {
        guard let table = tables[R.kind], let keys = table.byAccount[account] else { return [] }
        return keys.compactMap { table.byKey[$0] as? R }
    }

    public func count<R: Record>(_ type: R.Type, account: String) -> Int {
        tables[R.kind]?.byAccount[account]?.count ?? 0
    }

    /// Every record of a kind, whichever account holds it, in no particular order.
    public func all<R: Record>(_ type: R.Type) -> [R] {
        tables[R.kind]?.byKey.values.compactMap { $0 as? R } ?? []
    }

    /// Whether no record of a kind exists in any account: a cheap test before a costlier lookup.
    public func isEmpty<R: Record>(_ type: R.Type) -> Bool {
        tables[R.kind]?.byKey.isEmpty ?? true
    }

    package mutating func put(_ record: any Record) {
        tables[type(of: record).kind, default: Table()].put(record)
    }

    package mutating func remove(_ kind: RecordKind, _ key: String) {
        tables[kind]?.remove(key)
    }
}

extension StoreSnapshot {
    /// Every account on this server, by id. Sorts the ids, not the records: moving whole accounts through
    /// the sort was most of a ListAccounts page at 2,000 accounts.
    public func allAccounts() -> [Account] {
        guard let table = tables[Account.kind] else { return [] }
        return table.byKey.keys.sorted().compactMap { table.byKey[$0] as? Account }
    }
}
