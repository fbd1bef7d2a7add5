import Foundation
import RampartStore
import Synchronization

/// LookupEvents' rate limit: AWS allows two lookups a second per account and Region and answers
/// `ThrottlingException` beyond that. A token bucket per account, refilled continuously, holding
/// at most one second's worth; a rate of zero or less admits everything.
///
/// The bucket is the fleet's when the store has shared ones (PostgreSQL: a row per account, one
/// statement per lookup, next to the several a lookup reads anyway), so that three instances allow
/// the configured rate and not three times it; otherwise, and whenever the database cannot be asked
/// (the lookup then fails on its own), it is counted in this process.
public final class LookupThrottle: Sendable {
    public static let awsRate = 2.0
    private let rate: Double
    private let buckets = Mutex<[String: (tokens: Double, at: ContinuousClock.Instant)]>([:])

    public init(perSecond rate: Double) {
        self.rate = rate
    }

    private var capacity: Double { max(rate, 1) }

    func admit(_ account: String, sharedBy store: any Store) async -> Bool {
        guard rate > 0 else { return true }
        if let shared = try? await store.takeSharedToken("lookup-events:" + account, rate: rate, capacity: capacity) {
            return shared
        }
        return admit(account)
    }

    /// Measured on the process's own clock, not the service clock: tests that set the service
    /// clock (and freeze it) must not stop the bucket from refilling.
    func admit(_ account: String) -> Bool {
        guard rate > 0 else { return true }
        let now = ContinuousClock.now
        let capacity = capacity
        return buckets.withLock { buckets in
            var bucket = buckets[account] ?? (capacity, now)
            let waited = (now - bucket.at).components
            let elapsed = max(0, Double(waited.seconds) + Double(waited.attoseconds) / 1e18)
            bucket.tokens = min(capacity, bucket.tokens + elapsed * rate)
            bucket.at = now
            let admitted = bucket.tokens >= 1
            if admitted { bucket.tokens -= 1 }
            buckets[account] = bucket
            return admitted
        }
    }
}

/// How long the trail keeps events: CloudTrail's event history reaches back 90 days.
public enum TrailRetention {
    public static let defaultPeriod: TimeInterval = 90 * 86_400
}
