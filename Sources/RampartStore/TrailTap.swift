import RampartCore
import Synchronization

/// Hands every committed trail event to whoever listens (the server's EventBridge bus), after its
/// transaction commits and never before: an event that rolled back is never seen, and each
/// committed event is seen once. Listeners are called under the store's write lock, so they must
/// return at once (queue the events, do nothing else).
public final class TrailTap: Sendable {
    private let listeners = Mutex<[@Sendable ([TrailEvent]) -> Void]>([])

    public init() {}

    public func listen(_ listener: @escaping @Sendable ([TrailEvent]) -> Void) {
        listeners.withLock { $0.append(listener) }
    }

    /// Called by a store after COMMIT with the trail events that transaction wrote (public: the
    /// PostgreSQL store lives in a module of its own).
    public func committed(_ events: [TrailEvent]) {
        guard !events.isEmpty else { return }
        for listener in listeners.withLock({ $0 }) { listener(events) }
    }
}
