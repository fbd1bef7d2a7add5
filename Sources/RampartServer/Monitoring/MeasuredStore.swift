import CoreMetrics
import Foundation
import RampartCore
import RampartStore

/// A store that times its writes for the metrics: how long each takes (the lock wait included,
/// which is what a request feels), how often its closure ran again (an engine with optimistic
/// concurrency retries on conflict; SQLite serializes writes and never does), and how many failed.
/// Everything else passes straight through.
final class MeasuredStore: StoreDecorator {
    let base: any Store
    private let latency: CoreMetrics.Timer
    private let retries: CoreMetrics.Counter
    private let failures: CoreMetrics.Counter

    init(_ base: any Store, factory: any MetricsFactory) {
        self.base = base
        latency = CoreMetrics.Timer(label: "rampart_store_write_duration_seconds", factory: factory)
        retries = CoreMetrics.Counter(label: "rampart_store_write_retries_total", factory: factory)
        failures = CoreMetrics.Counter(label: "rampart_store_write_failures_total", factory: factory)
    }

    func write<T: Sendable>(_ body: (inout StoreTransaction) throws -> T) async throws -> T {
        let started = ContinuousClock.now
        var runs = 0
        defer {
            latency.recordNanoseconds((ContinuousClock.now - started).nanoseconds)
            if runs > 1 { retries.increment(by: runs - 1) }
        }
        do {
            return try await base.write { tx in
                runs += 1
                return try body(&tx)
            }
        } catch {
            failures.increment()
            throw error
        }
    }
}
