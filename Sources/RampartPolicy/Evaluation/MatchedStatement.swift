/// A statement that applied to the request (its action, resource, principal and conditions all matched).
public struct MatchedStatement: Sendable, Equatable {
    public var policyId: String
    public var policyType: PolicyType
    /// 0-based position of the statement in its policy.
    public var statementIndex: Int
    public var sid: String?
    public var effect: Statement.Effect

    public init(policyId: String, policyType: PolicyType, statementIndex: Int, sid: String?, effect: Statement.Effect) {
        self.policyId = policyId
        self.policyType = policyType
        self.statementIndex = statementIndex
        self.sid = sid
        self.effect = effect
    }
}
