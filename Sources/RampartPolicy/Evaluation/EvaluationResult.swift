/// The decision and what led to it.
public struct EvaluationResult: Sendable {
    public var decision: Decision
    /// For ExplicitDeny, every Deny statement that applied, in any policy type; for Allow, the identity and
    /// resource-based Allow statements that applied (SCPs, RCPs, boundaries and session policies only let a
    /// grant through, as in SimulatePrincipalPolicy's MatchedStatements); empty for ImplicitDeny.
    public var matchedStatements: [MatchedStatement]
    /// For denial messages: the policy type whose explicit Deny applied (the first one in evaluation order),
    /// or the type that failed to allow (.identity, .resource, .permissionsBoundary, .session, .scp, .rcp).
    /// Nil when allowed.
    public var deniedBy: PolicyType?
    /// Context keys that applicable statements' conditions or policy variables referenced and the request did
    /// not carry, in first-seen order and spelled as in the policy (SimulatePrincipalPolicy's
    /// MissingContextValues).
    public var missingContextKeys: [String]

    public init(
        decision: Decision, matchedStatements: [MatchedStatement], deniedBy: PolicyType?, missingContextKeys: [String]
    ) {
        self.decision = decision
        self.matchedStatements = matchedStatements
        self.deniedBy = deniedBy
        self.missingContextKeys = missingContextKeys
    }
}
