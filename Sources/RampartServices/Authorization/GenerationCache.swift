import Synchronization

/// Values derived from one committed store state, kept between requests: each principal's standing
/// policies (identity policies and permissions boundary), each account's place in its organization.
///
/// Gathering standing policies reads the user, its groups and every attached policy's default
/// version, and looks each document up in `CompiledPolicyCache` by its whole text: on a GetUser that
/// was a sixth of the request path. All of it depends only on the snapshot, so entries are valid for
/// one `StoreSnapshot.generation` and the table empties when a newer one is seen. A request still
/// holding an older snapshot computes its own value and leaves the table alone.
final class GenerationCache<Value: Sendable>: Sendable {
    private struct Table {
        var generation: UInt64
        var values: [String: Value]
    }

    private let table = Mutex(Table(generation: 0, values: [:]))
    private let capacity: Int

    init(capacity: Int = 10_000) {
        self.capacity = max(1, capacity)
    }

    func value(for key: String, generation: UInt64, compute: () -> Value) -> Value {
        if let hit = table.withLock({ $0.generation == generation ? $0.values[key] : nil }) { return hit }
        let computed = compute()
        table.withLock { table in
            if generation > table.generation { table = Table(generation: generation, values: [:]) }
            guard generation == table.generation else { return }
            if table.values.count >= capacity { table.values.removeAll(keepingCapacity: true) }
            table.values[key] = computed
        }
        return computed
    }
}
