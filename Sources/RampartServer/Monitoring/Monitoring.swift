import CoreMetrics
import Logging
import Prometheus
import RampartCore
import RampartServices
import RampartSigV4
import RampartStore

/// One server's metrics and what feeds them, made from its `MonitoringSettings`: the Prometheus
/// factory over the settings' registry, the counters, the timed store, the scrape, and the
/// signing-key cache the AWS path shares with the scrape. With metrics off nothing is counted,
/// the store is the engine itself, and `/metrics` is not served.
final class Monitoring: Sendable {
    let settings: MonitoringSettings
    let store: any Store
    let metrics: ServerMetrics?
    let scrape: MetricsScrape?
    let signingKeys = SigningKeyCache()

    /// Latency buckets from half a millisecond (a GetUser on loopback) to ten seconds.
    static let latencyBuckets: [Duration] = [
        .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
        .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
    ]

    init(_ settings: MonitoringSettings, store: any Store, clock: any RampartCore.Clock) {
        self.settings = settings
        guard settings.metricsEnabled else {
            self.store = store
            metrics = nil
            scrape = nil
            return
        }
        var factory = PrometheusMetricsFactory(registry: settings.registry)
        factory.defaultDurationHistogramBuckets = Self.latencyBuckets
        let measured = MeasuredStore(store, factory: factory)
        self.store = measured
        metrics = ServerMetrics(factory: factory)
        scrape = MetricsScrape(
            registry: settings.registry, factory: factory, store: measured, signingKeys: signingKeys, clock: clock)
    }

    var security: any SecurityMetrics { metrics ?? NoSecurityMetrics() }

    func requests(logger: Logger, posture: PostureService? = nil) -> RequestMonitoring {
        RequestMonitoring(metrics: metrics, scrape: scrape, store: store, logger: logger, posture: posture)
    }
}
