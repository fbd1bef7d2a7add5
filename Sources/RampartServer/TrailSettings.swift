import Foundation
import RampartServices

/// How the server keeps its audit trail.
public struct TrailSettings: Sendable {
    /// Whether API calls are recorded. Off only to measure what the trail costs (bench/trail_bench.py):
    /// an identity server without its trail answers no audit question.
    public var recordsAPICalls = true
    /// Events older than this are deleted (CloudTrail's event history keeps 90 days).
    public var retention: TimeInterval = TrailRetention.defaultPeriod
    /// LookupEvents calls per second per account; zero or less for no limit.
    public var lookupsPerSecond = LookupThrottle.awsRate
    /// How often events of calls that changed nothing are written in a batch.
    public var flushInterval: Duration = .milliseconds(100)
    /// How often events past their retention are deleted.
    public var pruneInterval: Duration = .seconds(3600)
    /// How often each account's new events are closed by a signed digest (CloudTrail delivers
    /// its digest files hourly).
    public var digestInterval: Duration = .seconds(3600)
    /// Events queued and not yet written past which requests are refused (ServiceUnavailable) rather
    /// than served unaudited, as Vault refuses requests no audit device can log. Only a database away
    /// for long gets there: SQLite's queue is written by the call that fills it long before.
    public var backlogLimit = TrailSettings.defaultBacklogLimit
    /// About a minute of 3,000 reads a second, a few hundred MB of queued events.
    public static let defaultBacklogLimit = 200_000

    public init() {}
}
