extension ManagedRule {
    /// iam-policy-no-statements-with-full-access: no customer managed policy allows every action
    /// of a service (`service:*`).
    static let iamPolicyNoStatementsWithFullAccess = ManagedRule(
        "IAM_POLICY_NO_STATEMENTS_WITH_FULL_ACCESS", trigger: .configurationChange,
        resourceTypes: [ConfigResourceType.policy],
        parameters: [RuleParameter("excludePermissionBoundaryPolicy", .bool, default: "false")]
    ) { facts, parameters, _ in
        PolicyStatementChecks.verdicts(
            facts, parameters, annotation: "The policy allows every action of a service.",
            violates: PolicyStatementChecks.grantsFullAccess)
    }
}
