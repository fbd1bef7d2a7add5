extension ManagedRule {
    /// iam-policy-in-use: the policy `policyARN` is attached to a user, to a group with at least one
    /// user, or to a role (`policyUsageType` narrows which). Reported on the account.
    static let iamPolicyInUse = ManagedRule(
        "IAM_POLICY_IN_USE", trigger: .periodic, resourceTypes: [ConfigResourceType.account],
        parameters: [
            RuleParameter("policyARN", .string, required: true),
            RuleParameter("policyUsageType", .choice(["IAM_USER", "IAM_GROUP", "IAM_ROLE", "ANY"]), default: "ANY"),
        ]
    ) { facts, parameters, _ in
        let arn = parameters.string("policyARN") ?? ""
        let usage = parameters.string("policyUsageType") ?? "ANY"
        let users = facts.users.contains { $0.managedPolicyArns.contains(arn) }
        let groups = facts.groups.contains { $0.memberCount > 0 && $0.managedPolicyArns.contains(arn) }
        let roles = facts.roles.contains { $0.managedPolicyArns.contains(arn) }
        let used: Bool
        switch usage {
        case "IAM_USER": used = users
        case "IAM_GROUP": used = groups
        case "IAM_ROLE": used = roles
        default: used = users || groups || roles
        }
        return [.account(facts, used ? .compliant : .nonCompliant, used ? nil : "The policy \(arn) is not in use.")]
    }
}
