import Tracing

/// What a request's server span says about it, following OpenTelemetry's HTTP and RPC conventions.
/// Only names and codes: the path without its query (a presigned URL carries a session token
/// there), the service and operation labels of the metrics, the request id, the status.
enum ServerSpan {
    static func describe(
        _ span: any Span, request: HTTPRequestMessage, route: HTTPRoute, _ attribution: RequestAttribution,
        status: Int
    ) {
        span.operationName = "\(attribution.service)/\(attribution.operation)"
        var attributes = span.attributes
        attributes["http.request.method"] = request.method
        attributes["http.route"] = "\(route)"
        attributes["url.path"] = request.path
        attributes["http.response.status_code"] = status
        if route == .aws {
            attributes["rpc.system"] = "aws-api"
            attributes["rpc.service"] = attribution.service
            attributes["rpc.method"] = attribution.operation
        }
        if !attribution.requestId.isEmpty { attributes["aws.request_id"] = attribution.requestId }
        if let failure = attribution.authenticationFailure { attributes["error.type"] = failure }
        span.attributes = attributes
        // A server span fails on the server's faults only; a 4xx is the caller's (OpenTelemetry's rule).
        if status >= 500 { span.setStatus(SpanStatus(code: .error)) }
    }
}
