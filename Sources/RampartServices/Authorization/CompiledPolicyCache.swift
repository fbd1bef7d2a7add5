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

    /// The compiled form of `json`. A stored document that no longer compiles (it was accepted on write
    /// under an earlier, laxer rule: a repeated member name or a trailing comma before policies were read
    /// strictly) fails closed: it denies everything. Dropping it instead would silently drop every Deny it
    /// holds, and guessing which of its repeated members was meant is what the strict reader exists to stop.
    /// The root user, whom no identity policy binds, can still repair it.
    public func policy(_ json: String, id: String, kind: PolicyDocument.Kind) -> CompiledPolicy? {
        let key = Key(kind: kind, id: id, json: json)
        if let hit = entries.withLock({ $0[key] }) { return hit }
        guard
            let compiled = (try? CompiledPolicy(json: json, id: id, kind: kind))
                ?? (try? CompiledPolicy(json: Self.denyAll(kind), id: id, kind: kind))
        else { return nil }
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = compiled
        }
        return compiled
    }

    /// What an unreadable stored document means: an explicit deny of every action, shaped for its kind.
    static func denyAll(_ kind: PolicyDocument.Kind) -> String {
        switch kind {
        case .identity:
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}"#
        case .trust:
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"*"}]}"#
        case .resource:
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}]}"#
        }
    }
}
