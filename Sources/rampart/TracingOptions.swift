import ArgumentParser
import RampartServer

/// `serve`'s options for OpenTelemetry traces: off unless an OTLP/HTTP endpoint is given.
struct TracingOptions: ParsableArguments {
    @Option(name: .long, help: "OTLP/HTTP URL to send traces to (/v1/traces added when it has no path).")
    var otelEndpoint: String?

    @Option(name: .long, help: "The service.name of the spans.")
    var otelServiceName = "rampart"

    @Option(name: .long, help: "The share of new traces recorded, 0 to 1 (a caller's sampled traceparent is followed).")
    var otelSampleRatio = 1.0

    func validate() throws {
        if let otelEndpoint, TracingSettings.tracesEndpoint(otelEndpoint) == nil {
            throw ValidationError("--otel-endpoint must be an http or https URL, e.g. http://127.0.0.1:4318.")
        }
        guard (0...1).contains(otelSampleRatio) else {
            throw ValidationError("--otel-sample-ratio must be between 0 and 1.")
        }
        guard !otelServiceName.isEmpty else { throw ValidationError("--otel-service-name must not be empty.") }
    }

    var settings: TracingSettings {
        var settings = TracingSettings()
        settings.endpoint = otelEndpoint.flatMap(TracingSettings.tracesEndpoint)
        settings.serviceName = otelServiceName
        settings.sampleRatio = otelSampleRatio
        return settings
    }
}
