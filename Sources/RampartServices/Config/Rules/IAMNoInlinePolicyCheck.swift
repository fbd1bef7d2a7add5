extension ManagedRule {
    /// iam-no-inline-policy-check: no user, role or group has an inline policy.
    static let iamNoInlinePolicyCheck = ManagedRule(
        "IAM_NO_INLINE_POLICY_CHECK", trigger: .configurationChange,
        resourceTypes: [ConfigResourceType.user, ConfigResourceType.role, ConfigResourceType.group]
    ) { facts, _, _ in
        func verdict(_ type: String, _ id: String, _ count: Int) -> ResourceVerdict {
            ResourceVerdict(
                type, id, count == 0 ? .compliant : .nonCompliant, count == 0 ? nil : "Has an inline policy.")
        }
        return facts.users.map { verdict(ConfigResourceType.user, $0.id, $0.inlinePolicyCount) }
            + facts.roles.map { verdict(ConfigResourceType.role, $0.id, $0.inlinePolicyCount) }
            + facts.groups.map { verdict(ConfigResourceType.group, $0.id, $0.inlinePolicyCount) }
    }
}
