import RampartCore
import RampartPolicy
import RampartStore

/// Authorizes every request with IAM's evaluation logic: AWS's fixed rules for temporary
/// credentials first, then the root user (everything in its own account, unless an SCP of its
/// organization or an AssumeRoot session's task policy says otherwise), then the policy engine over
/// the organization's SCPs and RCPs, the principal's identity policies, permissions boundary and
/// session policies.
public struct PolicyAuthorizer: Authorizer {
    /// Callable by any authenticated caller; "no permissions are required" in AWS's words.
    static let unrestricted: Set<String> = [
        "sts:getcalleridentity", "sts:getsessiontoken", "rampart:getrequestcontext", "rampart:lintpolicy",
    ]

    let cache: CompiledPolicyCache
    let standing = GenerationCache<PolicySet>()
    let organizations = OrganizationFactsCache()
    let evaluator = PolicyEvaluator()

    public init(cache: CompiledPolicyCache = CompiledPolicyCache()) {
        self.cache = cache
    }

    public func authorize(_ request: AuthorizationRequest, in snapshot: StoreSnapshot) -> AuthorizationDecision {
        switch outcome(request, in: snapshot) {
        case .fixed(let decision): return decision
        case .evaluated(let result): return decision(result, request)
        }
    }

    /// The evaluation behind a decision, for an encoded authorization message; nil where a fixed rule
    /// (session token restrictions, a suspended account, root, an action open to all) decided.
    public func explain(_ request: AuthorizationRequest, in snapshot: StoreSnapshot) -> EvaluationResult? {
        if case .evaluated(let result) = outcome(request, in: snapshot) { return result }
        return nil
    }

    /// Decided by a fixed rule, or by the policy engine.
    private enum Outcome {
        case fixed(AuthorizationDecision)
        case evaluated(EvaluationResult)
    }

    private func outcome(_ request: AuthorizationRequest, in snapshot: StoreSnapshot) -> Outcome {
        let principal = request.principal
        if let violation = SessionTokenRestrictions.violation(
            principal, action: request.action, resource: request.resource)
        {
            return .fixed(.deny(violation))
        }
        let callerOrganization = organizations.facts(principal.account, in: snapshot, cache: cache)
        if callerOrganization?.suspended == true {
            return .fixed(
                .deny(.accessDenied("The account \(principal.account.rawValue) is suspended: it was closed.")))
        }
        if Self.unrestricted.contains(request.action.lowercased()) { return .fixed(.allow) }
        let serviceControl = callerOrganization?.serviceControl ?? []
        // The root user needs no policy of its own; only its organization's SCPs can limit it, and in an
        // AssumeRoot session the task policy, which it carries as its session policy.
        if principal.kind == .root && serviceControl.isEmpty && principal.session?.isAssumedRoot != true {
            return .fixed(.allow)
        }
        var policies = PrincipalPolicies(snapshot: snapshot, cache: cache, standingCache: standing).policySet(
            for: principal)
        policies.scp = serviceControl
        let resourceOrganization = resourceFacts(request, callerOrganization, snapshot)
        return .evaluated(
            evaluator.evaluate(
                policies, evaluationRequest(request, caller: callerOrganization, resource: resourceOrganization)))
    }

    /// Whether a caller may assume `role`: its trust policy as the resource policy, weighed with
    /// the caller's own policies as IAM does (a trust policy naming the caller is enough in the
    /// same account; one naming the account needs the caller's identity policies too).
    public func authorizeAssumeRole(_ request: AuthorizationRequest, role: Role, in snapshot: StoreSnapshot)
        -> AuthorizationDecision
    {
        let gatherer = PrincipalPolicies(snapshot: snapshot, cache: cache, standingCache: standing)
        var policies = gatherer.policySet(for: request.principal)
        // AssumeRole never crosses partitions (STSService checks), so the role is named in the caller's.
        guard let trust = gatherer.trustPolicy(of: role, in: request.principal.partition) else {
            return .deny(AccessDeniedMessage.notAuthorized(request))
        }
        policies.resource = trust
        let callerOrganization = organizations.facts(request.principal.account, in: snapshot, cache: cache)
        let roleOrganization = organizations.facts(role.account, in: snapshot, cache: cache)
        // The caller's SCPs bind what it may ask for; the role's account's RCPs bind who may reach the role.
        policies.scp = callerOrganization?.serviceControl ?? []
        policies.rcp = roleOrganization?.resourceControl ?? []
        var evaluation = evaluationRequest(request, caller: callerOrganization, resource: roleOrganization)
        evaluation.resourceAccount = role.account.rawValue
        let result = evaluator.evaluate(policies, evaluation)
        // AWS words every refusal of AssumeRole the same way, whichever policy refused.
        return result.decision == .allow ? .allow : .deny(AccessDeniedMessage.notAuthorized(request))
    }

    public func authorizeFederated(_ request: FederatedRequest, role: Role, in snapshot: StoreSnapshot) -> Bool {
        let gatherer = PrincipalPolicies(snapshot: snapshot, cache: cache, standingCache: standing)
        guard let trust = gatherer.trustPolicy(of: role, in: request.partition) else { return false }
        let roleOrganization = organizations.facts(role.account, in: snapshot, cache: cache)
        let policies = PolicySet(resource: trust, rcp: roleOrganization?.resourceControl ?? [])
        var context = request.context
        context.set(OrganizationKeys.resourceAccount, .string(role.account.rawValue))
        if let roleOrganization {
            context.set(OrganizationKeys.resourceOrgID, .string(roleOrganization.organizationId))
            context.set(OrganizationKeys.resourceOrgPaths, .strings([roleOrganization.path]))
        }
        let evaluation = EvaluationRequest(
            principal: request.providerArn, principalAccount: role.account.rawValue, action: request.action,
            resource: role.arn(in: request.partition), resourceAccount: role.account.rawValue, context: context)
        return evaluator.evaluate(policies, evaluation).decision == .allow
    }

    /// The organization of the account that owns the resource: the caller's own unless named otherwise.
    private func resourceFacts(
        _ request: AuthorizationRequest, _ callerFacts: OrganizationFacts?, _ snapshot: StoreSnapshot
    ) -> OrganizationFacts? {
        guard let owner = request.resourceAccount, owner != request.principal.account.rawValue,
            let account = AccountID(owner)
        else { return callerFacts }
        return organizations.facts(account, in: snapshot, cache: cache)
    }

    func evaluationRequest(
        _ request: AuthorizationRequest, caller: OrganizationFacts? = nil, resource: OrganizationFacts? = nil
    ) -> EvaluationRequest {
        var context = request.context
        let resourceAccount = request.resourceAccount ?? request.principal.account.rawValue
        // The account that owns the resource (a global key AWS sets for every request to a resource).
        context.set(OrganizationKeys.resourceAccount, .string(resourceAccount))
        // The organization's keys exist only for accounts in one, as on AWS.
        if let caller {
            context.set(OrganizationKeys.principalOrgID, .string(caller.organizationId))
            context.set(OrganizationKeys.principalOrgPaths, .strings([caller.path]))
        }
        if let resource {
            context.set(OrganizationKeys.resourceOrgID, .string(resource.organizationId))
            context.set(OrganizationKeys.resourceOrgPaths, .strings([resource.path]))
        }
        return EvaluationRequest(
            principal: request.principal.arn, principalAccount: request.principal.account.rawValue,
            action: request.action, resource: request.resource, resourceAccount: resourceAccount, context: context)
    }

    /// The global keys an organization gives a request, and the resource's account, prepared once.
    enum OrganizationKeys {
        static let resourceAccount = ContextKey("aws:ResourceAccount")
        static let principalOrgID = ContextKey("aws:PrincipalOrgID")
        static let principalOrgPaths = ContextKey("aws:PrincipalOrgPaths")
        static let resourceOrgID = ContextKey("aws:ResourceOrgID")
        static let resourceOrgPaths = ContextKey("aws:ResourceOrgPaths")
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
