import Synchronization

/// One holder at a time, in arrival order, across suspension points: what a `Mutex` cannot be,
/// since a mutex must not be held across an `await`. The PostgreSQL store runs its writes and its
/// catch-ups under one, so its in-memory state changes in the order the database's did.
package final class AsyncGate: Sendable {
    private struct State {
        var held = false
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    package init() {}

    package func run<T>(_ body: () async throws -> T) async throws -> T {
        await acquire()
        defer { release() }
        return try await body()
    }

    /// Runs `body` if nobody holds the gate; nil, at once, if somebody does.
    package func runIfFree<T>(_ body: () async throws -> T) async throws -> T? {
        let granted = state.withLock { state in
            guard !state.held else { return false }
            state.held = true
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

    /// Hands the gate to the next waiter directly, so no newcomer can overtake it.
    private func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.waiting.isEmpty else {
                state.held = false
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.resume()
    }
}
