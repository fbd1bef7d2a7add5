extension ManagedRule {
    /// iam-group-has-users-check: every group has at least one member.
    static let iamGroupHasUsersCheck = ManagedRule(
        "IAM_GROUP_HAS_USERS_CHECK", trigger: .configurationChange, resourceTypes: [ConfigResourceType.group]
    ) { facts, _, _ in
        facts.groups.map {
            ResourceVerdict(
                ConfigResourceType.group, $0.id, $0.memberCount > 0 ? .compliant : .nonCompliant,
                $0.memberCount > 0 ? nil : "The group has no users.")
        }
    }
}
