/// AWS's policy evaluation logic (IAM User Guide, "Policy evaluation logic" and its cross-account and
/// permissions-boundary pages), as a pure function of the group verdicts.
enum DecisionRules {
    static func decide(_ inputs: DecisionInputs) -> (Decision, PolicyType?) {
        // 1. An explicit Deny in any applicable policy wins.
        if let type = inputs.deniedBy { return (.explicitDeny, type) }
        // 2–3. Every RCP and SCP level must allow.
        if !inputs.rcpAllows { return (.implicitDeny, .rcp) }
        if !inputs.scpAllows { return (.implicitDeny, .scp) }
        return inputs.sameAccount ? sameAccount(inputs) : crossAccount(inputs)
    }

    /// Within one account the identity side and the resource side are a union.
    private static func sameAccount(_ inputs: DecisionInputs) -> (Decision, PolicyType?) {
        if inputs.resourceRequired && inputs.resourceAllow == nil { return (.implicitDeny, .resource) }
        // The root user has full access in its own account; only SCPs/RCPs and explicit denies limit it.
        if inputs.callerIsRoot { return (.allow, nil) }
        // A resource-based policy naming the user or session ARN itself grants on its own: an implicit deny
        // in identity policies, the boundary or the session policy does not limit it.
        if inputs.resourceAllow == .direct { return (.allow, nil) }
        // Naming the role ARN grants too, but "is limited by an implicit deny in a permissions boundary or
        // session policy"; naming only the account delegates to the identity policies.
        guard inputs.identityAllows || inputs.resourceAllow == .role else { return (.implicitDeny, .identity) }
        return principalLimits(inputs)
    }

    /// Across accounts both sides must allow: the caller's account through its identity policies (limited
    /// by boundary and session policy), the resource's account through its resource-based policy.
    private static func crossAccount(_ inputs: DecisionInputs) -> (Decision, PolicyType?) {
        if !inputs.callerIsRoot {
            guard inputs.identityAllows else { return (.implicitDeny, .identity) }
            let limits = principalLimits(inputs)
            guard limits.0 == .allow else { return limits }
        }
        guard inputs.resourceAllow != nil else { return (.implicitDeny, .resource) }
        return (.allow, nil)
    }

    private static func principalLimits(_ inputs: DecisionInputs) -> (Decision, PolicyType?) {
        if inputs.boundaryAllows == false { return (.implicitDeny, .permissionsBoundary) }
        if inputs.sessionAllows == false { return (.implicitDeny, .session) }
        return (.allow, nil)
    }
}
