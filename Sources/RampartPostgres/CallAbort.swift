import Logging
import PostgresNIO
import RampartStore
import Synchronization

/// Lets a call on a pooled connection give up a query the connection will never answer. After a
/// database restart, PostgresNIO was seen to leave a query of a connection that had closed neither
/// answered nor failed (a write's first statement after BEGIN, a catch-up, a trail batch's insert):
/// its wait never ended, and closing the connection did not end it either (issue 16). Each query of
/// a call therefore runs in a task of its own while the call waits here, and the call's watchdog
/// (`abort`) ends the wait with an error; the lost query's task is left behind.
final class CallAbort: Sendable {
    @TaskLocal static var current: CallAbort?

    private enum State {
        case idle
        case waiting(CheckedContinuation<PostgresRowSequence, any Error>, sql: String)
        case aborted(StoreError)
    }

    private let state = Mutex(State.idle)

    init() {}

    /// Ends the query being waited for, and every later one, with `reason`; the statement that was
    /// being waited for, if one was.
    @discardableResult
    func abort(_ reason: StoreError) -> String? {
        let waiter = state.withLock { state -> (CheckedContinuation<PostgresRowSequence, any Error>, String)? in
            defer { state = .aborted(reason) }
            guard case .waiting(let waiter, let sql) = state else { return nil }
            return (waiter, sql)
        }
        waiter?.0.resume(throwing: reason)
        return waiter?.1
    }

    fileprivate func run(
        _ query: PostgresQuery, on connection: PostgresConnection, logger: Logger
    ) async throws -> PostgresRowSequence {
        try await withCheckedThrowingContinuation { continuation in
            // Whether this query is the call's one awaited query (a body that sends two at once has
            // the second answered without the abort).
            let (refusal, tracked) = state.withLock { state -> (StoreError?, Bool) in
                switch state {
                case .aborted(let reason): return (reason, false)
                case .waiting: return (nil, false)
                case .idle:
                    state = .waiting(continuation, sql: String(query.sql.prefix(80)))
                    return (nil, true)
                }
            }
            if let refusal { return continuation.resume(throwing: refusal) }
            Task {
                let result: Result<PostgresRowSequence, any Error>
                do {
                    result = .success(try await connection.query(query, logger: logger))
                } catch {
                    result = .failure(error)
                }
                guard tracked else { return continuation.resume(with: result) }
                let waiter = self.state.withLock { state -> CheckedContinuation<PostgresRowSequence, any Error>? in
                    guard case .waiting(let waiter, _) = state else { return nil }
                    state = .idle
                    return waiter
                }
                waiter?.resume(with: result)
            }
        }
    }
}

extension PostgresConnection {
    /// `query`, given up when the call it belongs to is aborted (see `CallAbort`); outside a call,
    /// `query` itself.
    @discardableResult
    func ask(_ query: PostgresQuery, logger: Logger) async throws -> PostgresRowSequence {
        guard let call = CallAbort.current else { return try await self.query(query, logger: logger) }
        return try await call.run(query, on: self, logger: logger)
    }
}
