import Logging
import OTel
import ServiceLifecycle
import Tracing

/// The OpenTelemetry side of tracing: a tracer whose finished spans are batched and sent over
/// OTLP/HTTP (protobuf), and the service that sends them. Run the service beside the HTTP server
/// and stop it after it, so the last requests' spans are flushed.
struct TraceExport: Sendable {
    let tracer: RequestTracer
    let service: any Service

    /// Nil when the settings name no endpoint: tracing is then off and costs nothing.
    init?(_ settings: TracingSettings, logger: Logger) throws {
        guard let endpoint = settings.endpoint else { return nil }
        var configuration = OTel.Configuration.default
        configuration.serviceName = settings.serviceName
        configuration.diagnosticLogger = .custom(logger)
        configuration.propagators = [.traceContext]
        configuration.metrics.enabled = false
        configuration.logs.enabled = false
        configuration.traces.exporter = .otlp
        configuration.traces.otlpExporter.protocol = .httpProtobuf
        configuration.traces.otlpExporter.endpoint = endpoint
        configuration.traces.sampler = .parentBasedTraceIDRatio(ratio: settings.sampleRatio) ?? .parentBasedAlwaysOn
        // The OTEL_* environment variables apply over this (the specification's precedence).
        let backend = try OTel.makeTracingBackend(configuration: configuration)
        tracer = RequestTracer(backend.factory)
        service = ExportShutdownDeadline(exporter: backend.service)
    }
}
