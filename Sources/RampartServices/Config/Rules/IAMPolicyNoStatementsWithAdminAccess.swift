extension ManagedRule {
    /// iam-policy-no-statements-with-admin-access: no customer managed policy allows `*` on `*`.
    static let iamPolicyNoStatementsWithAdminAccess = ManagedRule(
        "IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS", trigger: .configurationChange,
        resourceTypes: [ConfigResourceType.policy],
        parameters: [RuleParameter("excludePermissionBoundaryPolicy", .bool, default: "false")]
    ) { facts, parameters, _ in
        PolicyStatementChecks.verdicts(
            facts, parameters, annotation: "The policy allows all actions on all resources.",
            violates: PolicyStatementChecks.grantsAdminAccess)
    }
}
