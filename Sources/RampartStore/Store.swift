import Foundation
import RampartCore

/// Where Rampart keeps its state. Reads take a snapshot; writes run a closure against a
/// transaction and commit all of its changes or none.
///
/// Write closures are synchronous and may run more than once (an engine with optimistic
/// concurrency retries on conflict), so they must only compute from what they read and
/// throw typed errors; side effects belong after the write returns.
///
/// The audit trail lives beside the records: events of a write commit with it
/// (`StoreTransaction.record`, or the `TrailCall` the task serves); events of calls that
/// change nothing are queued (`recordTrail`) and written in batches (`flushTrail`).
public protocol Store: TrailArchive {
    func snapshot() -> StoreSnapshot
    func write<T: Sendable>(_ body: (inout StoreTransaction) throws -> T) async throws -> T

    /// Queues events for the next batch; returns at once.
    func recordTrail(_ events: [TrailEvent])
    /// Writes the queued events now.
    func flushTrail() async throws
    /// One page of events, newest first (queued events included: the lookup flushes first).
    func lookupTrail(_ query: TrailQuery) async throws -> TrailPage
    /// Deletes events older than `cutoff` (retention); returns how many.
    func pruneTrail(before cutoff: Date) async throws -> Int
    /// The newest link of an account's chain, nil when it has no events.
    func trailHead(account: AccountID) async throws -> TrailLink?
    /// Adds a signed digest after the account's others. Digests are never pruned: they are
    /// small, and the digests' own chain must start at 1 to show that none was removed.
    func appendTrailDigest(_ digest: TrailDigest) async throws

    /// The events queued for the next batch, for the server's metrics.
    func trailBacklog() -> TrailBacklog
    /// Throws `StoreError` unless the database answers and its schema is the one this build
    /// writes (a readiness probe's question).
    func checkReady() async throws

    /// Returns once every change this instance has heard of is in its snapshot. One engine per
    /// process has nothing to wait for; PostgreSQL instances may have heard of another's commit
    /// (NOTIFY) a moment before reading it, and a request should not be answered from before it.
    func settle() async

    /// Takes a token from the rate bucket `name` that every instance on the database shares
    /// (refilled at `rate` a second, holding at most `capacity`); true when one was taken. Nil when
    /// this engine serves one process: the caller then counts in memory, at no cost.
    func takeSharedToken(_ name: String, rate: Double, capacity: Double) async throws -> Bool?
    /// Loads the records of `accounts` into memory unless they are there (the working-set mode;
    /// nothing to do when the store holds every record). A request awaits it for the accounts it
    /// serves before taking its snapshot; reads of other accounts still answer, from the database.
    func ensureResident(_ accounts: [AccountID]) async

    /// How far this instance has applied the database's changes, as a number a browser can carry to
    /// another instance (`catchUp(to:)`). Zero for an engine that serves one process.
    var changePosition: Int64 { get }
    /// Returns once this instance has applied the changes up to `position` (a commit another instance
    /// answered a browser after), or after one catch-up with the database when it cannot get there.
    func catchUp(to position: Int64) async
}

extension Store {
    public func settle() async {}
    public func takeSharedToken(_ name: String, rate: Double, capacity: Double) async throws -> Bool? { nil }
    public func ensureResident(_ accounts: [AccountID]) async {}
    public var changePosition: Int64 { 0 }
    public func catchUp(to position: Int64) async {}
}

/// How far the audit trail's batch writer is behind: events queued, and when the oldest happened.
public struct TrailBacklog: Sendable, Equatable {
    public var count: Int
    public var oldest: Date?

    public init(count: Int, oldest: Date?) {
        self.count = count
        self.oldest = oldest
    }
}
