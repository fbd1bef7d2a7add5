extension ManagedRule {
    /// iam-user-no-policies-check: no IAM user has a policy of its own (managed or inline); users
    /// should get permissions through groups or roles.
    static let iamUserNoPoliciesCheck = ManagedRule(
        "IAM_USER_NO_POLICIES_CHECK", trigger: .configurationChange, resourceTypes: [ConfigResourceType.user]
    ) { facts, _, _ in
        facts.users.map {
            .user($0, $0.managedPolicyArns.isEmpty && $0.inlinePolicyCount == 0, "The user has policies attached.")
        }
    }
}
