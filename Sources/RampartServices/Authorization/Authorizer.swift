import RampartCore
import RampartPolicy
import RampartStore

/// One question: may this principal perform this action on this resource? The server asks it
/// once per request, before the operation runs. `PolicyAuthorizer` answers it with the policy
/// engine; tests may put a simpler rule behind the same interface.
public protocol Authorizer: Sendable {
    func authorize(_ request: AuthorizationRequest, in snapshot: StoreSnapshot) -> AuthorizationDecision

    /// Whether the principal may assume `role`: its trust policy weighed with the caller's own
    /// policies. `request.context` already carries the MFA facts of this very call.
    func authorizeAssumeRole(_ request: AuthorizationRequest, role: Role, in snapshot: StoreSnapshot)
        -> AuthorizationDecision

    /// Whether someone federated through an identity provider may assume `role`
    /// (`sts:AssumeRoleWithWebIdentity`, and `sts:TagSession` when the token brings tags): the trust
    /// policy decides, with the role's account's RCPs, since no IAM caller has policies of its own here.
    func authorizeFederated(_ request: FederatedRequest, role: Role, in snapshot: StoreSnapshot) -> Bool

    /// What the policy engine found for a request (matched statements), to explain a denial in an
    /// encoded authorization message; nil when no policy evaluation decided it.
    func explain(_ request: AuthorizationRequest, in snapshot: StoreSnapshot) -> EvaluationResult?
}

extension Authorizer {
    public func explain(_ request: AuthorizationRequest, in snapshot: StoreSnapshot) -> EvaluationResult? { nil }
}

/// A federated identity's request to assume a role: the provider's ARN stands as the principal
/// (a trust policy names it under `Federated`), the context carries the provider's claim keys.
public struct FederatedRequest: Sendable {
    public var providerArn: String
    public var action: String
    public var partition: Partition
    public var context: ConditionContext

    public init(providerArn: String, action: String, partition: Partition, context: ConditionContext) {
        self.providerArn = providerArn
        self.action = action
        self.partition = partition
        self.context = context
    }
}

public struct AuthorizationRequest: Sendable {
    public var principal: Principal
    /// `service:Action`, e.g. `iam:CreateUser`.
    public var action: String
    public var resource: String
    /// The account that owns `resource`; nil means the principal's own.
    public var resourceAccount: String?
    /// The request's condition keys (global and service keys), as policies see them.
    public var context: ConditionContext

    public init(
        principal: Principal, action: String, resource: String, resourceAccount: String? = nil,
        context: ConditionContext = ConditionContext()
    ) {
        self.principal = principal
        self.action = action
        self.resource = resource
        self.resourceAccount = resourceAccount
        self.context = context
    }
}

public enum AuthorizationDecision: Sendable, Equatable {
    case allow
    case deny(AWSError)
}

/// AWS's denial messages, shared by every authorizer so they read the same.
public enum AccessDeniedMessage {
    static func prefix(_ request: AuthorizationRequest) -> String {
        "User: \(request.principal.arn) is not authorized to perform: \(request.action) on resource: \(request.resource)"
    }

    public static func noIdentityPolicy(_ request: AuthorizationRequest) -> AWSError {
        implicitDeny(request, missing: .identity)
    }

    /// Nothing allowed it: "because no identity-based policy allows …", or the boundary,
    /// session policy or SCP that failed to allow it.
    public static func implicitDeny(_ request: AuthorizationRequest, missing type: PolicyType) -> AWSError {
        .accessDenied("\(prefix(request)) because no \(name(type)) allows the \(request.action) action")
    }

    /// A statement denied it: "with an explicit deny in an identity-based policy", and so on.
    public static func explicitDeny(_ request: AuthorizationRequest, in type: PolicyType) -> AWSError {
        let article = type == .identity || type == .rcp ? "an" : "a"
        return .accessDenied("\(prefix(request)) with an explicit deny in \(article) \(name(type))")
    }

    /// The bare form AWS uses for AssumeRole.
    public static func notAuthorized(_ request: AuthorizationRequest) -> AWSError {
        .accessDenied(prefix(request))
    }

    static func name(_ type: PolicyType) -> String {
        switch type {
        case .identity: return "identity-based policy"
        case .resource: return "resource-based policy"
        case .permissionsBoundary: return "permissions boundary"
        case .session: return "session policy"
        case .scp: return "service control policy"
        case .rcp: return "resource control policy"
        }
    }
}
