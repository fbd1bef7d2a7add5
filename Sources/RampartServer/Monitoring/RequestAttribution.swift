import RampartCore

/// Who a request was and what it asked, as far as its handler found out: the part of a
/// `RequestSummary` only the handler knows.
struct RequestAttribution: Sendable {
    var requestId: String
    var service: String
    var operation: String
    var principal: String?
    var authenticationFailure: String?
    /// Whether the signature checked out and `principal` is the caller's ARN.
    var isAuthenticated = false

    init(
        requestId: String, service: String = OperationLabel.unknown, operation: String = OperationLabel.unknown,
        principal: String? = nil, authenticationFailure: String? = nil
    ) {
        self.requestId = requestId
        self.service = service
        self.operation = operation
        self.principal = principal
        self.authenticationFailure = authenticationFailure
    }

    /// The server's own endpoints (health, readiness, metrics, the test clock).
    static func http(_ operation: String) -> RequestAttribution {
        RequestAttribution(requestId: "", service: "http", operation: operation)
    }
}

extension RequestAttribution {
    /// The access key id the request was signed with, until authentication names the caller (only
    /// when it has an access key id's shape: a secret pasted in its place is never logged).
    mutating func signed(by accessKeyId: String) {
        if OperationLabel.isAccessKeyIdShaped(accessKeyId) { principal = accessKeyId }
    }

    mutating func authenticated(as caller: Principal) {
        principal = caller.arn
        isAuthenticated = true
    }

    /// A refusal before the caller was known is an authentication failure, counted by its code.
    mutating func refused(_ error: AWSError) {
        if !isAuthenticated { authenticationFailure = error.code }
    }
}
