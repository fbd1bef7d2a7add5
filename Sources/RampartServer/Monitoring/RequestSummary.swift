/// What one request came to, as the metrics count it and the request log writes it. Every field is
/// safe to show: `service` and `operation` are names from the service models (or `unknown`), and
/// `principal` is an ARN or an access key id, never a secret.
struct RequestSummary: Sendable {
    var requestId: String
    var service: String
    var operation: String
    /// The caller's ARN once authenticated; before that the access key id it signed with, if well formed.
    var principal: String?
    var status: Int
    /// The AWS error code of a request refused before its caller was known (SigV4, keys, tokens).
    var authenticationFailure: String?
    /// The path, without its query (a presigned URL carries a session token there).
    var path: String
    var duration: Duration

    /// The outcome label: a bounded set whatever the error.
    var outcome: String {
        switch status {
        case ..<400: "success"
        case 400..<500: "client_error"
        default: "server_error"
        }
    }
}
