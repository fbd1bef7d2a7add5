import CoreMetrics
import RampartServices
import Synchronization

/// The server's metrics, made through the `MetricsFactory` it is given (Prometheus in `rampart
/// serve`): requests, their latency, authentication failures, second factors and sign-in steps.
/// Handles are made once per label set and kept, so counting a request costs a dictionary lookup
/// under a lock and the increments, not a registry lookup.
final class ServerMetrics: Sendable {
    private struct RequestKey: Hashable {
        var service: String
        var operation: String
    }

    /// One operation's request counters by outcome and its latency histogram.
    private struct RequestHandles {
        var success: CoreMetrics.Counter
        var clientError: CoreMetrics.Counter
        var serverError: CoreMetrics.Counter
        var latency: CoreMetrics.Timer
    }

    let factory: any MetricsFactory
    private let requests = Mutex<[RequestKey: RequestHandles]>([:])
    private let authenticationFailures = Mutex<[String: CoreMetrics.Counter]>([:])
    private let mfaChecks: [MFAMethod: [MFACheckResult: CoreMetrics.Counter]]
    private let signInSteps: [SignInStepResult: CoreMetrics.Counter]

    init(factory: any MetricsFactory) {
        self.factory = factory
        var checks = [MFAMethod: [MFACheckResult: CoreMetrics.Counter]]()
        for method in MFAMethod.allCases {
            for result in MFACheckResult.allCases {
                checks[method, default: [:]][result] = CoreMetrics.Counter(
                    label: "rampart_mfa_checks_total",
                    dimensions: [("method", method.rawValue), ("result", result.rawValue)], factory: factory)
            }
        }
        mfaChecks = checks
        var steps = [SignInStepResult: CoreMetrics.Counter]()
        for result in SignInStepResult.allCases {
            steps[result] = CoreMetrics.Counter(
                label: "rampart_sign_ins_total", dimensions: [("result", result.rawValue)], factory: factory)
        }
        signInSteps = steps
    }

    func record(_ request: RequestSummary) {
        let key = RequestKey(service: request.service, operation: request.operation)
        let handles = requests.withLock { table in
            if let handles = table[key] { return handles }
            let handles = makeHandles(key)
            table[key] = handles
            return handles
        }
        switch request.status {
        case ..<400: handles.success.increment()
        case 400..<500: handles.clientError.increment()
        default: handles.serverError.increment()
        }
        handles.latency.recordNanoseconds(request.duration.nanoseconds)
        if let reason = request.authenticationFailure { authenticationFailed(reason: reason) }
    }

    private func makeHandles(_ key: RequestKey) -> RequestHandles {
        func counter(_ outcome: String) -> CoreMetrics.Counter {
            CoreMetrics.Counter(
                label: "rampart_requests_total",
                dimensions: [("service", key.service), ("operation", key.operation), ("outcome", outcome)],
                factory: factory)
        }
        return RequestHandles(
            success: counter("success"), clientError: counter("client_error"), serverError: counter("server_error"),
            latency: CoreMetrics.Timer(
                label: "rampart_request_duration_seconds",
                dimensions: [("service", key.service), ("operation", key.operation)], factory: factory))
    }

    /// `reason` is an AWS error code the server itself chose (a bounded set).
    private func authenticationFailed(reason: String) {
        let counter = authenticationFailures.withLock { table in
            if let counter = table[reason] { return counter }
            let counter = CoreMetrics.Counter(
                label: "rampart_authentication_failures_total", dimensions: [("reason", reason)], factory: factory)
            table[reason] = counter
            return counter
        }
        counter.increment()
    }
}

extension ServerMetrics: SecurityMetrics {
    func mfaChecked(_ method: MFAMethod, _ result: MFACheckResult) {
        mfaChecks[method]?[result]?.increment()
    }

    func signInStep(_ step: SignInStep) {
        signInSteps[SignInStepResult(step)]?.increment()
    }
}

extension Duration {
    /// Whole nanoseconds, saturating (a request never lasts 292 years).
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : whole + attoseconds / 1_000_000_000
    }
}
