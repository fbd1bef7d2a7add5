/// The decision and what led to it.
public struct EvaluationResult: Sendable {
    public var decision: Decision
    /// For ExplicitDeny, every Deny statement that applied; for Allow, every Allow statement that applied in
    /// the policies that had to allow; empty for ImplicitDeny (nothing decided it, something was missing).
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
