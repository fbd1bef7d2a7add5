/// The managed rules Rampart evaluates, by `SourceIdentifier`: the ones that judge identities.
/// AWS has several hundred more; their identifiers are refused as unknown here, so a rule that
/// Rampart cannot evaluate is never shown as if it were judged.
public enum ManagedRuleCatalog {
    public static let all: [ManagedRule] = [
        .rootAccountMFAEnabled, .rootAccountHardwareMFAEnabled, .iamUserMFAEnabled, .mfaEnabledForIAMConsoleAccess,
        .iamRootAccessKeyCheck, .accessKeysRotated, .iamPasswordPolicy, .iamUserUnusedCredentialsCheck,
        .iamPolicyNoStatementsWithAdminAccess, .iamPolicyNoStatementsWithFullAccess, .iamUserNoPoliciesCheck,
        .iamNoInlinePolicyCheck, .iamUserGroupMembershipCheck, .iamGroupHasUsersCheck, .iamPolicyInUse,
        .iamRoleManagedPolicyCheck,
    ]

    public static let byIdentifier: [String: ManagedRule] = Dictionary(
        uniqueKeysWithValues: all.map { ($0.identifier, $0) })
}
