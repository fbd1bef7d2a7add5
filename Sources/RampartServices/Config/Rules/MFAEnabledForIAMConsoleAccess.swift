extension ManagedRule {
    /// mfa-enabled-for-iam-console-access: every IAM user with a console password has MFA; a
    /// user without a password is compliant.
    static let mfaEnabledForIAMConsoleAccess = ManagedRule(
        "MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS", trigger: .periodic, resourceTypes: [ConfigResourceType.user]
    ) { facts, _, _ in
        facts.users.map {
            .user($0, $0.password == nil || !$0.mfa.isEmpty, "The user has a console password and no MFA.")
        }
    }
}
