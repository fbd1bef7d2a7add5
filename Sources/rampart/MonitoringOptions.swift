import ArgumentParser
import Logging
import RampartServer

/// `serve`'s options for what the operator sees: metrics, where they are served, and the log.
struct MonitoringOptions: ParsableArguments {
    @Option(name: .long, help: "on (the default): serve Prometheus metrics on /metrics; off: count nothing.")
    var metrics = "on"

    @Option(
        name: .long, help: "Serve /metrics on this HOST:PORT instead of the main listener (which then has none).")
    var metricsAddress: String?

    @Option(name: .long, help: "text (the default) or json: one JSON object per log line.")
    var logFormat = LogFormat.text.rawValue

    @Option(name: .long, help: "trace, debug, info (the default; one line per request), notice, warning, error.")
    var logLevel = Logger.Level.info.rawValue

    func validate() throws {
        guard ["on", "off"].contains(metrics) else { throw ValidationError("--metrics is on or off.") }
        if let metricsAddress, ListenAddress(metricsAddress) == nil {
            throw ValidationError("--metrics-address must be HOST:PORT, e.g. 127.0.0.1:9431.")
        }
        guard LogFormat(rawValue: logFormat) != nil else { throw ValidationError("--log-format is text or json.") }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level is trace, debug, info, notice, warning, error or critical.")
        }
    }

    func settings() -> MonitoringSettings {
        var settings = MonitoringSettings()
        settings.metricsEnabled = metrics == "on"
        settings.metricsAddress = metricsAddress.flatMap(ListenAddress.init)
        return settings
    }

    /// Says where the metrics are, when they have a listener of their own.
    func announce(_ settings: MonitoringSettings) {
        guard settings.metricsEnabled, let address = settings.metricsAddress else { return }
        let host = address.host.contains(":") ? "[\(address.host)]" : address.host
        Output.line("Metrics on http://\(host):\(address.port)/metrics")
    }

    func logger() -> Logger {
        (LogFormat(rawValue: logFormat) ?? .text).logger(level: Logger.Level(rawValue: logLevel) ?? .info)
    }
}
