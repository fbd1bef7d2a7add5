/// The verdicts of every policy group for one request, which the decision rules combine.
struct DecisionInputs {
    /// The first policy type, in AWS's listed order, with an applicable Deny.
    var deniedBy: PolicyType?
    var rcpAllows = true
    var scpAllows = true
    var identityAllows = false
    var resourceAllow: PrincipalMatch?
    /// A trust policy (or key policy) must itself allow; see CompiledPolicy.requiresExplicitAllow.
    var resourceRequired = false
    /// Nil when the caller has no boundary.
    var boundaryAllows: Bool?
    /// Nil when the request is not made with session policies.
    var sessionAllows: Bool?
    var sameAccount = true
    var callerIsRoot = false
}
