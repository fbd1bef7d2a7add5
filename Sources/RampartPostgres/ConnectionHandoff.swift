import PostgresNIO
import Synchronization

/// A pooled connection leased by a task of its own and handed to a waiter that gives up after a
/// deadline: the pool waits for a connection as long as the database takes to come back, and a
/// write must answer ServiceFailure promptly instead. The connection goes back to the pool when the
/// waiter is done with it, or at once if the waiter had already given up.
final class ConnectionHandoff: Sendable {
    private enum State {
        case waiting(CheckedContinuation<PostgresConnection?, Never>?)
        case offered(PostgresConnection, holder: CheckedContinuation<Void, Never>?)
        case taken(holder: CheckedContinuation<Void, Never>?)
        case returned
        case abandoned
    }

    private let state = Mutex(State.waiting(nil))
    /// The waiter's deadline, cancelled once the waiting ends, so a call that got its connection
    /// leaves no task sleeping out the rest of the limit.
    private let deadline = Mutex<Task<Void, Never>?>(nil)

    /// The leasing task offers its connection; false when nobody waits for it any more.
    func offer(_ connection: PostgresConnection) -> Bool {
        let outcome: (accepted: Bool, waiter: CheckedContinuation<PostgresConnection?, Never>?) = state.withLock {
            state in
            guard case .waiting(let waiter) = state else { return (false, nil) }
            state = waiter == nil ? .offered(connection, holder: nil) : .taken(holder: nil)
            return (true, waiter)
        }
        deadline.withLock { $0?.cancel() }
        outcome.waiter?.resume(returning: connection)
        return outcome.accepted
    }

    /// The leasing task could not get a connection.
    func fail() {
        let waiter: CheckedContinuation<PostgresConnection?, Never>? = state.withLock { state in
            guard case .waiting(let waiter) = state else { return nil }
            state = .abandoned
            return waiter
        }
        waiter?.resume(returning: nil)
    }

    /// The leasing task holds the connection until the waiter returns it.
    func heldUntilReturned() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let release = state.withLock { state -> Bool in
                switch state {
                case .offered(let connection, nil):
                    state = .offered(connection, holder: continuation)
                    return false
                case .taken(nil):
                    state = .taken(holder: continuation)
                    return false
                default:
                    return true
                }
            }
            if release { continuation.resume() }
        }
    }

    /// The connection, or nil once `limit` passes without one.
    func take(within limit: Duration) async -> PostgresConnection? {
        await withCheckedContinuation { (continuation: CheckedContinuation<PostgresConnection?, Never>) in
            let ready: PostgresConnection?? = state.withLock { state in
                switch state {
                case .offered(let connection, let holder):
                    state = .taken(holder: holder)
                    return .some(connection)
                case .waiting:
                    state = .waiting(continuation)
                    return .none
                default:
                    return .some(nil)
                }
            }
            if let ready {
                continuation.resume(returning: ready)
                return
            }
            let timer = Task {
                guard (try? await Task.sleep(for: limit)) != nil else { return }
                self.fail()
            }
            deadline.withLock { $0 = timer }
        }
    }

    /// The waiter is done: the leasing task lets the connection go back to the pool.
    func giveBack() {
        let holder: CheckedContinuation<Void, Never>? = state.withLock { state in
            guard case .taken(let holder) = state else { return nil }
            state = .returned
            return holder
        }
        holder?.resume()
    }
}
