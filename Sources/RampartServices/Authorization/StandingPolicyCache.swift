import RampartPolicy
import Synchronization

/// Each principal's standing policies (identity policies and permissions boundary), gathered once
/// per committed store state instead of on every request.
///
/// Gathering reads the user, its groups and every attached policy's default version, and looks
/// each document up in `CompiledPolicyCache` by its whole text: on a GetUser that was a sixth of the
/// request path. All of it depends only on the snapshot, so entries are valid for one
/// `StoreSnapshot.generation` and the table empties when a newer one is seen. A request still
/// holding an older snapshot computes its own set and leaves the table alone.
final class StandingPolicyCache: Sendable {
    private struct Table {
        var generation: UInt64
        var sets: [String: PolicySet]
    }

    private let table = Mutex(Table(generation: 0, sets: [:]))
    private let capacity: Int

    init(capacity: Int = 10_000) {
        self.capacity = max(1, capacity)
    }

    func policies(for key: String, generation: UInt64, gather: () -> PolicySet) -> PolicySet {
        if let hit = table.withLock({ $0.generation == generation ? $0.sets[key] : nil }) { return hit }
        let gathered = gather()
        table.withLock { table in
            if generation > table.generation { table = Table(generation: generation, sets: [:]) }
            guard generation == table.generation else { return }
            if table.sets.count >= capacity { table.sets.removeAll(keepingCapacity: true) }
            table.sets[key] = gathered
        }
        return gathered
    }
}
