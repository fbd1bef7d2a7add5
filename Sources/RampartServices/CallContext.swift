import Foundation
import RampartCore
import RampartPolicy

/// What an operation knows about the call it serves, besides its typed input: who is
/// calling, when, from where, and the request id that ties logs, responses and audit events.
public struct CallContext: Sendable {
    public var principal: Principal
    public var requestId: String
    public var now: Date
    public var sourceIp: String
    public var region: String
    /// The request came over TLS (`aws:SecureTransport`).
    public var secureTransport: Bool
    /// The request's condition keys, as the authorizer saw them; operations that authorize a
    /// second question (AssumeRole's trust policy) start from these.
    public var conditions: ConditionContext

    public init(
        principal: Principal, requestId: String, now: Date, sourceIp: String, region: String = "us-east-1",
        conditions: ConditionContext = ConditionContext(), secureTransport: Bool = false
    ) {
        self.secureTransport = secureTransport
        self.principal = principal
        self.requestId = requestId
        self.now = now
        self.sourceIp = sourceIp
        self.region = region
        self.conditions = conditions
    }
}
