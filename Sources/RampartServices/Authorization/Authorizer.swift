import RampartCore
import RampartStore

/// One question: may this principal perform this action on this resource? The server asks it
/// once per request, before the operation runs. The interim rule answers now; the policy
/// engine replaces it behind the same interface.
public protocol Authorizer: Sendable {
    func authorize(_ request: AuthorizationRequest, in snapshot: StoreSnapshot) -> AuthorizationDecision
}

public struct AuthorizationRequest: Sendable {
    public var principal: Principal
    /// `service:Action`, e.g. `iam:CreateUser`.
    public var action: String
    public var resource: String

    public init(principal: Principal, action: String, resource: String) {
        self.principal = principal
        self.action = action
        self.resource = resource
    }
}

public enum AuthorizationDecision: Sendable, Equatable {
    case allow
    case deny(AWSError)
}

/// AWS's denial messages, shared by every authorizer so they read the same.
public enum AccessDeniedMessage {
    public static func noIdentityPolicy(_ request: AuthorizationRequest) -> AWSError {
        .accessDenied(
            "User: \(request.principal.arn) is not authorized to perform: \(request.action) on resource: "
                + "\(request.resource) because no identity-based policy allows the \(request.action) action")
    }
}
