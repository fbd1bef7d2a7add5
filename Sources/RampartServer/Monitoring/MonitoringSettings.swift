import Prometheus

/// What the server shows its operator besides the APIs: Prometheus metrics on `/metrics`, on the
/// main listener by default or on one of their own, and the registry they are kept in (the
/// caller's, so that nothing in the library is global).
public struct MonitoringSettings: Sendable {
    /// Whether `/metrics` is served and the server counts anything.
    public var metricsEnabled = true
    /// A listener for `/metrics` alone; the main listener then has none.
    public var metricsAddress: ListenAddress?
    /// Where the metrics are kept; `/metrics` prints it.
    public var registry = PrometheusCollectorRegistry()

    public init() {}

    /// Whether the main listener answers `/metrics`.
    var metricsOnMainListener: Bool { metricsEnabled && metricsAddress == nil }
}

/// `HOST:PORT` (`[::1]:9431` for IPv6), as `--metrics-address` takes it.
public struct ListenAddress: Sendable, Equatable {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    public init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65_535).contains(port)
        else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, !host.contains("/") else { return nil }
        self.init(host: host, port: port)
    }
}
