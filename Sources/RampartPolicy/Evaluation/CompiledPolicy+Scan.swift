extension CompiledPolicy {
    /// Evaluates every statement against the request, recording those that apply.
    func scan(_ request: RequestView, as type: PolicyType, into trace: inout EvaluationTrace) -> PolicyVerdict {
        var verdict = PolicyVerdict()
        // Only resource-based policies and RCPs name principals; in other policy types the caller is implied.
        let checksPrincipal = type == .resource || type == .rcp
        for index in statements.indices {
            guard statements[index].coversAction(request.action, context: request.context) else { continue }
            let statement = statements[index]
            var match = PrincipalMatch.direct
            if checksPrincipal {
                // A statement without Principal applies to no one.
                guard let principal = statement.principal,
                    let named = principalMatch(principal, effect: statement.effect, request: request)
                else { continue }
                match = named
            }
            guard statement.coversResource(request.resource, context: request.context, missing: &trace.missing),
                statement.conditionsHold(in: request.context, missing: &trace.missing)
            else { continue }
            let matched = MatchedStatement(
                policyId: id, policyType: type, statementIndex: statement.index, sid: statement.sid,
                effect: statement.effect)
            switch statement.effect {
            case .deny:
                verdict.denies = true
                trace.denies.append(matched)
            case .allow:
                verdict.allows = true
                if verdict.allowMatch.map({ match > $0 }) ?? true { verdict.allowMatch = match }
                trace.allows.append(matched)
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
        for policy in self { verdict.merge(policy.scan(request, as: type, into: &trace)) }
        return verdict
    }
}
