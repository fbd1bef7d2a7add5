/// Where Rampart keeps its state. Reads take a snapshot; writes run a closure against a
/// transaction and commit all of its changes or none.
///
/// Write closures are synchronous and may run more than once (an engine with optimistic
/// concurrency retries on conflict), so they must only compute from what they read and
/// throw typed errors; side effects belong after the write returns.
public protocol Store: Sendable {
    func snapshot() -> StoreSnapshot
    func write<T: Sendable>(_ body: (inout StoreTransaction) throws -> T) async throws -> T
    /// Journal records of one account, in key order (for audit events: time order).
    func journal<R: Record>(_ type: R.Type, account: String) async throws -> [R]
}
