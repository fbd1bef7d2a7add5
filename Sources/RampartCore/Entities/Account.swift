import Foundation

/// One AWS-style account: its root user and the settings that belong to the account as a whole.
public struct Account: Codable, Sendable, Equatable {
    public var id: AccountID
    public var createDate: Date
    public var rootEmail: String
    /// The root user's password; nil once deleted (as with centralized root access).
    public var rootPassword: PasswordHash?
    /// Nil means the default policy applies (IAM returns NoSuchEntity for it).
    public var passwordPolicy: PasswordPolicy?
    /// Nil until changed: `MFASettings()` (AWS's defaults) apply.
    public var mfaSettings: MFASettings?
    /// The account's name as Organizations shows it; nil for an account never named (the first one
    /// until it creates an organization, which names it after its root email).
    public var name: String?
    /// Nil while standalone or the management account of no organization; set for members and the
    /// management account alike.
    public var membership: AccountMembership?
    /// Nil means `ACTIVE` (records written before accounts had a lifecycle).
    public var state: AccountState?
    public var tags: [Tag]?
    /// The account `rampart init` made: its principals administer the server itself (they may create
    /// further standalone accounts). Nil on every other account.
    public var isOperator: Bool?
    /// `aws` when nil (`effectivePartition` reads it so). An `aws-us-gov` account (CreateGovCloudAccount)
    /// has no root user credentials.
    public var partition: Partition?
    /// When CloseAccount was called: the start of the 90-day post-closure period.
    public var closedDate: Date?
    /// True when the root user has no login profile: no password and no password recovery. So are member
    /// accounts created while the organization had `RootCredentialsManagement`, and members whose root
    /// password was deleted in an AssumeRoot session; CreateLoginProfile in an `IAMCreateRootUserPassword`
    /// session allows recovery again. Nil otherwise (a root without a password may recover one).
    public var rootCredentialsAbsent: Bool?
    /// When CreateLoginProfile (an AssumeRoot session) last allowed password recovery; nil before.
    public var rootLoginProfileCreateDate: Date?
    /// When the root user's password last opened a console session (GetUser's `PasswordLastUsed`
    /// for root, the credential report's root row); nil before the first.
    public var rootPasswordLastUsed: Date?
    /// SetSecurityTokenServicePreferences' choice; nil means version 1 tokens, AWS's default.
    public var globalEndpointTokenVersion: GlobalEndpointTokenVersion?
    /// PutAccountProperties' values by `Namespace/PropertyName`; a property never set has its default.
    public var properties: [String: String]?

    public init(id: AccountID, createDate: Date, rootEmail: String, rootPassword: PasswordHash?) {
        self.id = id
        self.createDate = createDate
        self.rootEmail = rootEmail
        self.rootPassword = rootPassword
        self.passwordPolicy = nil
    }

    /// The partition every ARN of the account is in.
    public var effectivePartition: Partition { partition ?? .commercial }

    public var rootArn: String { ARN.root(effectivePartition, id) }

    public var currentState: AccountState { state ?? .active }

    /// Whether the root user has a login profile: a password, or the right to recover one (AWS's
    /// "Forgot password"). GovCloud and China accounts have no root user at all.
    public var rootHasLoginProfile: Bool {
        rootCredentialsAbsent != true && effectivePartition.hasRootUsers
    }

    /// The name Organizations reports: the given one, or the root email's local part.
    public var displayName: String { name ?? String(rootEmail.prefix { $0 != "@" }) }
}
