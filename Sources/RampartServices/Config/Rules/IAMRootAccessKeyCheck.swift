extension ManagedRule {
    /// iam-root-access-key-check: the root user has no access key, active or not.
    static let iamRootAccessKeyCheck = ManagedRule(
        "IAM_ROOT_ACCESS_KEY_CHECK", trigger: .periodic, resourceTypes: [ConfigResourceType.account]
    ) { facts, _, _ in
        facts.rootAccessKeyCount == 0
            ? [.account(facts, .compliant)]
            : [.account(facts, .nonCompliant, "The root user has an access key.")]
    }
}
