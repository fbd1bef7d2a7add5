import Foundation

/// Where the server sends its OpenTelemetry traces, if anywhere: off unless an OTLP/HTTP endpoint is
/// given. The `OTEL_*` environment variables of the OpenTelemetry specification refine what these
/// leave open (batching, headers, timeouts).
public struct TracingSettings: Sendable, Equatable {
    /// The OTLP/HTTP traces URL (`http://collector:4318/v1/traces`); nil for no tracing at all.
    public var endpoint: String?
    /// `service.name` on every span.
    public var serviceName = "rampart"
    /// The share of traces started here that are recorded, 0 to 1; a caller's sampled `traceparent`
    /// is followed whatever this says.
    public var sampleRatio = 1.0

    public init() {}

    public var enabled: Bool { endpoint != nil }
}

extension TracingSettings {
    /// An `--otel-endpoint` as the exporter takes it: an http or https URL with a host, and
    /// `/v1/traces` (the OTLP/HTTP path) added when it names a collector without a path. Nil otherwise.
    public static func tracesEndpoint(_ text: String) -> String? {
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty,
            url.query == nil, url.fragment == nil
        else { return nil }
        return url.path.isEmpty || url.path == "/" ? text.trimmingSuffix("/") + "/v1/traces" : text
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
