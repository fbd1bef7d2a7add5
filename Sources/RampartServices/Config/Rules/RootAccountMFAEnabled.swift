extension ManagedRule {
    /// root-account-mfa-enabled: the root user has an MFA device of any kind. Not applicable when
    /// root has neither a password nor an access key (nobody can sign in as root).
    static let rootAccountMFAEnabled = ManagedRule(
        "ROOT_ACCOUNT_MFA_ENABLED", trigger: .periodic, resourceTypes: [ConfigResourceType.account]
    ) { facts, _, _ in
        guard facts.rootHasCredentials else { return [.account(facts, .notApplicable)] }
        return facts.rootMFA.isEmpty
            ? [.account(facts, .nonCompliant, "The root user does not have MFA enabled.")]
            : [.account(facts, .compliant)]
    }
}
