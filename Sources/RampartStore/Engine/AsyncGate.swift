import Synchronization

/// One holder at a time, in arrival order, across suspension points: what a `Mutex` cannot be,
/// since a mutex must not be held across an `await`. The PostgreSQL store runs its writes and its
/// catch-ups under one, so its in-memory state changes in the order the database's did.
package final class AsyncGate: Sendable {
    private struct State {
        var held = false
        var waiting: [CheckedContinuation<Void, Never>] = []
        /// Who holds the gate and since when, for a watchdog that names a holder that never lets go.
        var holder: (label: String, since: ContinuousClock.Instant)?
    }

    private let state = Mutex(State())

    package init() {}

    package func run<T>(_ label: String = #function, _ body: () async throws -> T) async throws -> T {
        await acquire()
        state.withLock { $0.holder = (label, .now) }
        defer { release() }
        return try await body()
    }

    /// Runs `body` if nobody holds the gate; nil, at once, if somebody does.
    package func runIfFree<T>(_ label: String = #function, _ body: () async throws -> T) async throws -> T? {
        let granted = state.withLock { state in
            guard !state.held else { return false }
            state.held = true
            state.holder = (label, .now)
            return true
        }
        guard granted else { return nil }
        defer { release() }
        return try await body()
    }

    private func acquire() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let granted = state.withLock { state in
                if state.held {
                    state.waiting.append(continuation)
                    return false
                }
                state.held = true
                return true
            }
            if granted { continuation.resume() }
        }
    }

    /// The holder's label and how long it has held the gate, nil when free.
    package var holder: (label: String, held: Duration)? {
        state.withLock { state in state.holder.map { ($0.label, .now - $0.since) } }
    }

    /// Hands the gate to the next waiter directly, so no newcomer can overtake it.
    private func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.holder = nil
            guard !state.waiting.isEmpty else {
                state.held = false
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.resume()
    }
}
