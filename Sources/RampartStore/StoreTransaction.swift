import RampartCore

/// A write in progress: reads see the committed snapshot plus this transaction's own
/// changes; nothing is visible to others until the store commits it whole.
public struct StoreTransaction: Sendable {
    public private(set) var snapshot: StoreSnapshot
    package enum Change: Sendable {
        case put(any Record)
        case delete(RecordKind, String)
        case trail(TrailEvent)
    }
    package private(set) var changes: [Change] = []
    /// The accounts whose records of each kind this transaction put or deleted: what a commit
    /// observer (Config's change trigger) needs to know, without reading the store again.
    public private(set) var changedAccounts: [RecordKind: Set<String>] = [:]

    package init(snapshot: StoreSnapshot) {
        self.snapshot = snapshot
    }

    public func get<R: Record>(_ type: R.Type, _ key: String) -> R? { snapshot.get(type, key) }
    public func all<R: Record>(_ type: R.Type, account: String) -> [R] { snapshot.all(type, account: account) }
    public func count<R: Record>(_ type: R.Type, account: String) -> Int { snapshot.count(type, account: account) }

    public mutating func put<R: Record>(_ record: R) {
        snapshot.put(record)
        changes.append(.put(record))
        changedAccounts[R.kind, default: []].insert(record.recordAccount)
    }

    /// Adds an event to the audit trail, committed with this transaction's changes.
    public mutating func record(_ event: TrailEvent) {
        changes.append(.trail(event))
    }

    public mutating func delete<R: Record>(_ type: R.Type, _ key: String) {
        if let gone = snapshot.get(type, key) { changedAccounts[R.kind, default: []].insert(gone.recordAccount) }
        snapshot.remove(R.kind, key)
        changes.append(.delete(R.kind, key))
    }
}
