import Foundation

/// IAM and STS quotas, in one place so every check and every test names the same number.
/// Values from the IAM quotas page and the service models (see shared/reference, section 15).
public enum Limits {
    public static let accessKeysPerUser = 2
    public static let policyVersions = 5
    public static let groupsPerUser = 10
    public static let managedPoliciesPerUser = 10
    public static let managedPoliciesPerRole = 10
    public static let managedPoliciesPerGroup = 10
    public static let tagsPerResource = 50
    public static let usersPerAccount = 5000
    public static let groupsPerAccount = 300
    public static let rolesPerAccount = 1000
    public static let customerManagedPoliciesPerAccount = 1500
    public static let mfaDevicesInUse = 8

    /// Policy sizes count characters excluding whitespace, as IAM does.
    public static let managedPolicySize = 6144
    public static let userInlinePolicySize = 2048
    public static let groupInlinePolicySize = 5120
    public static let roleInlinePolicySize = 10240
    public static let assumeRolePolicySize = 2048

    public static let roleMaxSessionDuration = 3600...43200
    public static let sessionTokenDuration = 900...129600
    public static let rootSessionTokenDuration = 900...3600
    public static let defaultSessionTokenDuration = 43200
    public static let assumeRoleMinimumDuration = 900
    public static let roleChainingMaximumDuration = 3600
    /// AssumeRoot: 0 to 900 seconds, 900 when unasked (the model's RootDurationSecondsType).
    public static let rootSessionDuration = 0...900
    public static let sessionPolicyArns = 10
    public static let sessionPolicySize = 2048
    public static let sessionTags = 50

    public static let maxItems = 1...1000
    public static let defaultMaxItems = 100
}

extension Limits {
    /// Failed MFA codes a principal may make within `mfaFailureWindow` before a lockout.
    public static let mfaFailuresBeforeLockout = 5
    public static let mfaFailureWindow: TimeInterval = 15 * 60
    /// The first cooling-off period; each lockout in a row doubles it, up to `mfaLockoutMaximum`.
    public static let mfaLockoutBase: TimeInterval = 60
    public static let mfaLockoutMaximum: TimeInterval = 60 * 60
    /// Failed codes a principal may make in any 24 hours (see `LockoutRule.mfaCodes`).
    public static let mfaFailuresPerDay = 30
    /// Time steps either side of now in which a single TOTP code is accepted.
    public static let totpWindow = 1
    /// Hardware tokens an administrator may import in one call.
    public static let hardwareTokensPerImport = 1000

    // AWS Organizations quotas (Organizations User Guide, "Quotas for AWS Organizations").
    /// OUs nested under a root: "five levels deep".
    public static let organizationalUnitDepth = 5
    public static let organizationalUnits = 1000
    /// Policies of one type attached directly to one root, OU or account.
    public static let policiesPerTarget = 5
    /// Policies of one type in an organization.
    public static let policiesPerType = 1000
    /// Accounts in an organization. AWS starts organizations at 10 and raises the quota on request;
    /// a Rampart operator sets it with `--max-organization-accounts`.
    public static let organizationAccounts = 10_000
    /// Delegated administrators one service may have (most AWS services allow one).
    public static let delegatedAdministratorsPerService = 1
    /// Invitations an organization may send in a day.
    public static let invitationsPerDay = 20
    /// How long an invitation stays open, and how long an ended handshake stays listable.
    public static let invitationLifetime: Double = 15 * 86_400
    public static let handshakeRetention: Double = 30 * 86_400
    /// The role CreateAccount makes in a new account when no RoleName is given.
    public static let organizationAccessRoleName = "OrganizationAccountAccessRole"
}
