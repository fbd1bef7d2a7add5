import RampartPolicy
import Synchronization

/// Compiled policies by their text, so that each document is compiled once however many
/// requests it decides. Documents are immutable once stored (a new version is a new text), so
/// entries never go stale; the cache only needs a bound.
public final class CompiledPolicyCache: Sendable {
    private struct Key: Hashable {
        var kind: PolicyDocument.Kind
        var id: String
        var json: String
    }

    private let entries = Mutex<[Key: CompiledPolicy]>([:])
    private let capacity: Int

    public init(capacity: Int = 20_000) {
        self.capacity = capacity
    }

    /// The compiled form of `json`, or nil for a document that does not compile (stored
    /// documents were validated on write, so that means a rule changed; such a policy grants
    /// nothing).
    public func policy(_ json: String, id: String, kind: PolicyDocument.Kind) -> CompiledPolicy? {
        let key = Key(kind: kind, id: id, json: json)
        if let hit = entries.withLock({ $0[key] }) { return hit }
        guard let compiled = try? CompiledPolicy(json: json, id: id, kind: kind) else { return nil }
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = compiled
        }
        return compiled
    }
}
