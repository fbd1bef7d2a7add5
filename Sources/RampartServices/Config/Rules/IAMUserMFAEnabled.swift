extension ManagedRule {
    /// iam-user-mfa-enabled: every IAM user has an MFA device.
    static let iamUserMFAEnabled = ManagedRule(
        "IAM_USER_MFA_ENABLED", trigger: .periodic, resourceTypes: [ConfigResourceType.user]
    ) { facts, _, _ in
        facts.users.map { .user($0, !$0.mfa.isEmpty, "The user does not have MFA enabled.") }
    }
}
