import Logging
import RampartServices
import RampartStore

/// What the responder does with each answered request besides answering it: counts it in the
/// metrics (when they are on) and writes its log line. Also answers `/readyz` and `/metrics`,
/// which read the same store and registry.
struct RequestMonitoring: Sendable {
    let metrics: ServerMetrics?
    let scrape: MetricsScrape?
    let store: any Store
    let logger: Logger
    /// The MFA posture's figures for the gauges; nil on a listener that has no services.
    var posture: PostureService? = nil

    func record(_ request: RequestSummary, route: HTTPRoute) {
        metrics?.record(request)
        // Probes and scrapes come every few seconds: their lines only at debug.
        let level: Logger.Level =
            switch route {
            case .health, .ready, .metrics: .debug
            case .aws, .console, .clock, .issuer: .info
            }
        logger.log(level: level, "request", metadata: Self.metadata(request))
    }

    /// The request's log fields: never a body, a query string, a header or a cookie, where secrets are.
    static func metadata(_ request: RequestSummary) -> Logger.Metadata {
        var fields: Logger.Metadata = [
            "request_id": .string(request.requestId), "service": .string(request.service),
            "operation": .string(request.operation), "status": .stringConvertible(request.status),
            "duration_ms": .stringConvertible(Double(request.duration.nanoseconds) / 1_000_000),
            "path": .string(request.path),
        ]
        if let principal = request.principal { fields["principal"] = .string(principal) }
        if let reason = request.authenticationFailure { fields["authentication_failure"] = .string(reason) }
        return fields
    }

    /// 200 when the store answers and its schema is current; 503 with the reason otherwise.
    func readiness() async -> HTTPResponseMessage {
        do {
            try await store.checkReady()
            return .text("ready\n", status: 200)
        } catch {
            logger.warning("not ready", metadata: ["error": "\(error)"])
            // The detail (a file path, a version) is for the log, not for an unauthenticated caller.
            return .text("not ready: the store does not answer or its schema is not current\n", status: 503)
        }
    }

    func metricsPage() async -> HTTPResponseMessage {
        guard let scrape else { return .text("metrics are off\n", status: 404) }
        return HTTPResponseMessage(
            status: 200, headers: [("Content-Type", MetricsScrape.contentType)],
            body: await scrape.render(postureOf: posture))
    }
}
