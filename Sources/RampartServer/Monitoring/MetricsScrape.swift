import CoreMetrics
import Foundation
import Prometheus
import RampartCore
import RampartServices
import RampartSigV4
import RampartStore
import Synchronization

/// `/metrics`: the values read when scraped (the audit trail's backlog, who is locked out now, the
/// signing-key cache) set first, then the registry printed in Prometheus' text format.
final class MetricsScrape: Sendable {
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    private let registry: PrometheusCollectorRegistry
    private let store: any Store
    private let signingKeys: SigningKeyCache
    private let clock: any RampartCore.Clock
    private let trailPending: CoreMetrics.Meter
    private let trailOldestAge: CoreMetrics.Meter
    private let lockedOut: [LockoutKind: CoreMetrics.Meter]
    private let cacheEntries: CoreMetrics.Meter
    private let cacheLookups: CoreMetrics.Counter
    private let cacheMisses: CoreMetrics.Counter
    private let posture: PostureGauges
    /// The working-set mode's resident accounts and their stored bytes (unset when every record is in memory).
    private let residentAccounts: CoreMetrics.Meter
    private let residentBytes: CoreMetrics.Meter
    /// The cache's own totals at the last scrape: the counters advance by the difference.
    private let cacheSeen = Mutex<(lookups: Int, misses: Int)>((0, 0))

    /// The counters `LockoutRule`s keep, by what they count.
    enum LockoutKind: String, CaseIterable {
        case mfa, password, address, browser
    }

    init(
        registry: PrometheusCollectorRegistry, factory: any MetricsFactory, store: any Store,
        signingKeys: SigningKeyCache, clock: any RampartCore.Clock
    ) {
        self.registry = registry
        self.store = store
        self.signingKeys = signingKeys
        self.clock = clock
        trailPending = CoreMetrics.Meter(label: "rampart_audit_events_pending", factory: factory)
        trailOldestAge = CoreMetrics.Meter(label: "rampart_audit_oldest_pending_age_seconds", factory: factory)
        var lockedOut = [LockoutKind: CoreMetrics.Meter]()
        for kind in LockoutKind.allCases {
            lockedOut[kind] = CoreMetrics.Meter(
                label: "rampart_locked_out", dimensions: [("counter", kind.rawValue)], factory: factory)
        }
        self.lockedOut = lockedOut
        cacheEntries = CoreMetrics.Meter(label: "rampart_signing_key_cache_entries", factory: factory)
        cacheLookups = CoreMetrics.Counter(label: "rampart_signing_key_cache_lookups_total", factory: factory)
        cacheMisses = CoreMetrics.Counter(label: "rampart_signing_key_cache_misses_total", factory: factory)
        posture = PostureGauges(factory: factory)
        residentAccounts = CoreMetrics.Meter(label: "rampart_store_resident_accounts", factory: factory)
        residentBytes = CoreMetrics.Meter(label: "rampart_store_resident_stored_bytes", factory: factory)
    }

    /// `postureOf`: the service whose figures the posture gauges show (the server's, once it is assembled).
    func render(postureOf service: PostureService? = nil) async -> [UInt8] {
        refresh()
        if let service { await posture.refresh(service, generation: store.snapshot().generation, now: clock.now) }
        return registry.emitToBuffer()
    }

    private func refresh() {
        let now = clock.now
        let backlog = store.trailBacklog()
        trailPending.set(backlog.count)
        trailOldestAge.set(backlog.oldest.map { max(0, now.timeIntervalSince($0)) } ?? 0)
        let snapshot = store.snapshot()
        for (kind, count) in Self.lockedOutCounts(in: snapshot, at: now) { lockedOut[kind]?.set(count) }
        if let resident = snapshot.residentAccounts {
            residentAccounts.set(resident.count)
            residentBytes.set(resident.values.reduce(0, +))
        }
        cacheEntries.set(signingKeys.count)
        let (lookups, misses) = (signingKeys.lookupCount, signingKeys.missCount)
        let (newLookups, newMisses) = cacheSeen.withLock { seen in
            defer { seen = (lookups, misses) }
            return (max(0, lookups - seen.lookups), max(0, misses - seen.misses))
        }
        if newLookups > 0 { cacheLookups.increment(by: newLookups) }
        if newMisses > 0 { cacheMisses.increment(by: newMisses) }
    }

    /// Principals, addresses and browsers locked out at `now`, by counter: one pass over the throttle
    /// records, which exist only for recent failures.
    static func lockedOutCounts(in snapshot: StoreSnapshot, at now: Date) -> [LockoutKind: Int] {
        var counts = Dictionary(uniqueKeysWithValues: LockoutKind.allCases.map { ($0, 0) })
        for throttle in snapshot.all(MFAThrottle.self) where throttle.lockedOut(at: now) != nil {
            counts[.mfa, default: 0] += 1
        }
        for throttle in snapshot.all(SignInThrottle.self) where throttle.state.lockedOut(at: now) != nil {
            switch throttle.subject {
            case .password: counts[.password, default: 0] += 1
            case .address: counts[.address, default: 0] += 1
            case .browser: counts[.browser, default: 0] += 1
            }
        }
        return counts
    }
}
