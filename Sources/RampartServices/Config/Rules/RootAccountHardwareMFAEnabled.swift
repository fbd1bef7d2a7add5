extension ManagedRule {
    /// root-account-hardware-mfa-enabled: the root user has MFA, and none of it is a virtual
    /// (authenticator app) device. Security keys and hardware TOTP tokens are hardware.
    static let rootAccountHardwareMFAEnabled = ManagedRule(
        "ROOT_ACCOUNT_HARDWARE_MFA_ENABLED", trigger: .periodic, resourceTypes: [ConfigResourceType.account]
    ) { facts, _, _ in
        guard facts.rootHasCredentials else { return [.account(facts, .notApplicable)] }
        if facts.rootMFA.isEmpty {
            return [.account(facts, .nonCompliant, "The root user does not have MFA enabled.")]
        }
        if facts.rootMFA.contains(.virtual) {
            return [.account(facts, .nonCompliant, "The root user uses a virtual MFA device.")]
        }
        return [.account(facts, .compliant)]
    }
}
