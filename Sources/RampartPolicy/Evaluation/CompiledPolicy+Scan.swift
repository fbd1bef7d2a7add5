extension CompiledPolicy {
    /// Evaluates every statement against the request and records those that apply (see EvaluationResult).
    func scan(_ request: RequestView, as type: PolicyType, into trace: inout EvaluationTrace) -> PolicyVerdict {
        program.scan(request, as: type, policyId: id, into: &trace)
    }
}

extension PolicyProgram {
    func scan(_ request: RequestView, as type: PolicyType, policyId id: String, into trace: inout EvaluationTrace)
        -> PolicyVerdict
    {
        var verdict = PolicyVerdict()
        // Only resource-based policies and RCPs name principals; in other policy types the caller is implied.
        let checksPrincipal = type == .resource || type == .rcp
        actions.forEachCovering(request.action, context: request.context) { index in
            var match = PrincipalMatch.direct
            if checksPrincipal {
                // A statement without Principal applies to no one.
                guard let principal = statements[index].principal,
                    let named = principalMatch(principal, effect: statements[index].effect, request: request)
                else { return }
                match = named
            }
            guard statements[index].coversResource(request.resource, context: request.context, missing: &trace.missing),
                statements[index].conditionsHold(in: request.context, missing: &trace.missing)
            else { return }
            let effect = statements[index].effect
            func matched() -> MatchedStatement {
                MatchedStatement(
                    policyId: id, policyType: type, statementIndex: index, sid: statements[index].sid, effect: effect)
            }
            switch effect {
            case .deny:
                verdict.denies = true
                trace.record(matched())
            case .allow:
                verdict.allows = true
                if verdict.allowMatch.map({ match > $0 }) ?? true { verdict.allowMatch = match }
                // As in SimulatePrincipalPolicy, grants are reported from the policies that grant; guardrails
                // (SCPs, RCPs, boundaries, session policies) only let them through.
                if type == .identity || type == .resource { trace.record(matched()) }
            }
        }
        return verdict
    }

    private func principalMatch(_ principal: PrincipalSpec, effect: Statement.Effect, request: RequestView)
        -> PrincipalMatch?
    {
        let named = principal.bestMatch(request.caller)
        guard principal.negated else { return named }
        if effect == .deny && request.callerHasBoundary { return .direct }
        return named == nil ? .direct : nil
    }
}

extension Array where Element == CompiledPolicy {
    /// The policies of one group (all identity policies, one SCP level) evaluated together.
    func scan(_ request: RequestView, as type: PolicyType, into trace: inout EvaluationTrace) -> PolicyVerdict {
        var verdict = PolicyVerdict()
        withUnsafeBufferPointer { policies in
            for policy in policies {
                verdict.merge(policy.program.scan(request, as: type, policyId: policy.id, into: &trace))
            }
        }
        return verdict
    }
}
