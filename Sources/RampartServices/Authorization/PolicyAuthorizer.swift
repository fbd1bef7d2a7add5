import RampartCore
import RampartPolicy
import RampartStore

/// Authorizes every request with IAM's evaluation logic: AWS's fixed rules for temporary
/// credentials first, then the root user (everything in its own account), then the policy
/// engine over the principal's identity policies, permissions boundary and session policies.
public struct PolicyAuthorizer: Authorizer {
    /// Callable by any authenticated caller; "no permissions are required" in AWS's words.
    static let unrestricted: Set<String> = [
        "sts:getcalleridentity", "sts:getsessiontoken", "rampart:getrequestcontext", "rampart:lintpolicy",
    ]

    let cache: CompiledPolicyCache
    let standing = StandingPolicyCache()
    let evaluator = PolicyEvaluator()

    public init(cache: CompiledPolicyCache = CompiledPolicyCache()) {
        self.cache = cache
    }

    public func authorize(_ request: AuthorizationRequest, in snapshot: StoreSnapshot) -> AuthorizationDecision {
        let principal = request.principal
        if let violation = SessionTokenRestrictions.violation(
            principal, action: request.action, resource: request.resource)
        {
            return .deny(violation)
        }
        if Self.unrestricted.contains(request.action.lowercased()) { return .allow }
        if principal.kind == .root { return .allow }
        let policies = PrincipalPolicies(snapshot: snapshot, cache: cache, standingCache: standing)
            .policySet(for: principal)
        let result = evaluator.evaluate(policies, evaluationRequest(request))
        return decision(result, request)
    }

    /// Whether a caller may assume `role`: its trust policy as the resource policy, weighed with
    /// the caller's own policies as IAM does (a trust policy naming the caller is enough in the
    /// same account; one naming the account needs the caller's identity policies too).
    public func authorizeAssumeRole(_ request: AuthorizationRequest, role: Role, in snapshot: StoreSnapshot)
        -> AuthorizationDecision
    {
        let gatherer = PrincipalPolicies(snapshot: snapshot, cache: cache, standingCache: standing)
        var policies = gatherer.policySet(for: request.principal)
        guard let trust = gatherer.trustPolicy(of: role) else {
            return .deny(AccessDeniedMessage.notAuthorized(request))
        }
        policies.resource = trust
        var evaluation = evaluationRequest(request)
        evaluation.resourceAccount = role.account.rawValue
        let result = evaluator.evaluate(policies, evaluation)
        // AWS words every refusal of AssumeRole the same way, whichever policy refused.
        return result.decision == .allow ? .allow : .deny(AccessDeniedMessage.notAuthorized(request))
    }

    func evaluationRequest(_ request: AuthorizationRequest) -> EvaluationRequest {
        EvaluationRequest(
            principal: request.principal.arn, principalAccount: request.principal.account.rawValue,
            action: request.action, resource: request.resource,
            resourceAccount: request.resourceAccount ?? request.principal.account.rawValue,
            context: request.context)
    }

    func decision(_ result: EvaluationResult, _ request: AuthorizationRequest) -> AuthorizationDecision {
        switch result.decision {
        case .allow:
            return .allow
        case .explicitDeny:
            return .deny(AccessDeniedMessage.explicitDeny(request, in: result.deniedBy ?? .identity))
        case .implicitDeny:
            return .deny(AccessDeniedMessage.implicitDeny(request, missing: result.deniedBy ?? .identity))
        }
    }
}
