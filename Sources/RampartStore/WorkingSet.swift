/// Which resident accounts to evict: the least recently used, until the estimated memory of the
/// rest is within the budget. A value the store keeps under its lock; a pure function of the uses
/// it was told of.
package struct WorkingSet: Sendable {
    /// The memory the resident accounts may take, in bytes.
    package let budget: Int
    /// Decoded records take more memory than their stored JSON bodies (strings, dictionaries and the
    /// snapshot's indexes): measured on the 1M-user benchmark database (see bench/RESULTS.md).
    package static let bytesInMemoryPerStoredByte = 4

    private var clock: UInt64 = 0
    private var lastUse: [String: UInt64] = [:]

    package init(budget: Int) {
        self.budget = budget
    }

    package mutating func touch(_ accounts: some Sequence<String>) {
        for account in accounts {
            clock &+= 1
            lastUse[account] = clock
        }
    }

    /// Evicts from `snapshot` the least recently used accounts while the resident ones exceed the
    /// budget, never one of `keeping`.
    package mutating func evictOverBudget(_ snapshot: inout StoreSnapshot, keeping: Set<String>) {
        guard let resident = snapshot.residentAccounts else { return }
        for account in victims(resident: resident, keeping: keeping) { snapshot.evict(account) }
    }

    /// The accounts to evict from `resident` (account → stored bytes), least recently used first,
    /// never one of `keeping` (the accounts of the request being served).
    package mutating func victims(resident: [String: Int], keeping: Set<String>) -> [String] {
        var total = resident.values.reduce(0, +) * Self.bytesInMemoryPerStoredByte
        guard total > budget else { return [] }
        var victims = [String]()
        for account in resident.keys.sorted(by: { lastUse[$0, default: 0] < lastUse[$1, default: 0] })
        where !keeping.contains(account) {
            if total <= budget { break }
            total -= resident[account, default: 0] * Self.bytesInMemoryPerStoredByte
            victims.append(account)
            lastUse[account] = nil
        }
        return victims
    }
}
