/// Evaluates a request against the policies that apply to it.
///
/// The root user: a principal `arn:aws:iam::ACCOUNT:root` is treated as AWS treats the root user — it needs
/// no identity-based Allow and has no boundary or session policy, in its own account; explicit denies
/// (resource policies, SCPs) and SCP/RCP allow requirements still apply, so pass SCPs only for member
/// accounts. Callers that want root limited further must deny it in a policy, as AWS customers do.
public struct PolicyEvaluator: Sendable {
    public init() {}

    public func evaluate(_ policies: PolicySet, _ request: EvaluationRequest) -> EvaluationResult {
        let caller = Caller(principal: request.principal, account: request.principalAccount)
        return Self.withUTF8(request.action) { actionBytes in
            Self.withUTF8(request.resource) { resourceBytes in
                let view = RequestView(
                    action: actionBytes, resource: resourceBytes, caller: caller, context: request.context,
                    callerHasBoundary: policies.permissionsBoundary != nil)
                return evaluate(policies, view, resourceAccount: request.resourceAccount)
            }
        }
    }

    /// Native strings lend their bytes directly; only a bridged one is copied.
    private static func withUTF8<Result>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = text
        return copy.withUTF8(body)
    }

    private func evaluate(_ policies: PolicySet, _ request: RequestView, resourceAccount: String?)
        -> EvaluationResult
    {
        var trace = EvaluationTrace()
        var inputs = DecisionInputs()
        func note(_ verdict: PolicyVerdict, _ type: PolicyType) {
            if verdict.denies && inputs.deniedBy == nil { inputs.deniedBy = type }
        }
        // Scanned in the order AWS lists the policy types for explicit denies, which sets deniedBy.
        for level in policies.scp {
            let verdict = level.scan(request, as: .scp, into: &trace)
            note(verdict, .scp)
            inputs.scpAllows = inputs.scpAllows && verdict.allows
        }
        for level in policies.rcp {
            let verdict = level.scan(request, as: .rcp, into: &trace)
            note(verdict, .rcp)
            inputs.rcpAllows = inputs.rcpAllows && verdict.allows
        }
        if let resource = policies.resource {
            let verdict = resource.scan(request, as: .resource, into: &trace)
            note(verdict, .resource)
            inputs.resourceAllow = verdict.allowMatch
            inputs.resourceRequired = resource.requiresExplicitAllow
        }
        let identity = policies.identity.scan(request, as: .identity, into: &trace)
        note(identity, .identity)
        inputs.identityAllows = identity.allows
        if let boundary = policies.permissionsBoundary {
            let verdict = boundary.scan(request, as: .permissionsBoundary, into: &trace)
            note(verdict, .permissionsBoundary)
            inputs.boundaryAllows = verdict.allows
        }
        if let session = policies.session {
            let verdict = session.scan(request, as: .session, into: &trace)
            note(verdict, .session)
            inputs.sessionAllows = verdict.allows
        }
        let caller = request.caller
        let callerAccount = caller.account
        inputs.sameAccount =
            resourceAccount == nil || callerAccount == nil || callerAccount.map { $0 == resourceAccount! } == true
        inputs.callerIsRoot = caller.kind == .root
        let (decision, deniedBy) = DecisionRules.decide(inputs)
        let matched: [MatchedStatement] =
            switch decision {
            case .allow: trace.allows
            case .explicitDeny: trace.denies
            case .implicitDeny: []
            }
        return EvaluationResult(
            decision: decision, matchedStatements: matched, deniedBy: deniedBy, missingContextKeys: trace.missing.keys)
    }
}
