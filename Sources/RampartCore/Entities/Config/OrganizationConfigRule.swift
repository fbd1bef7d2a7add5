import Foundation

/// An organization Config rule (`PutOrganizationConfigRule`): one managed rule that Config deploys
/// into every account of the organization but the excluded ones, each deployment an ordinary
/// `ConfigRule` of the member account that only this record may change. Kept with the organization's
/// management account, whichever administrator put it.
public struct OrganizationConfigRule: Codable, Sendable, Equatable {
    /// How one account's deployment went, as `GetOrganizationConfigRuleDetailedStatus` reports it.
    public struct MemberStatus: Codable, Sendable, Equatable {
        public var account: AccountID
        /// `CREATE_SUCCESSFUL`, `UPDATE_SUCCESSFUL` or `CREATE_FAILED`/`UPDATE_FAILED`: Rampart deploys
        /// inside the write that asks for it, so nothing is ever in progress.
        public var status: String
        public var errorCode: String?
        public var errorMessage: String?
        public var lastUpdateTime: Date

        public init(account: AccountID, status: String, errorCode: String?, errorMessage: String?, lastUpdateTime: Date)
        {
            self.account = account
            self.status = status
            self.errorCode = errorCode
            self.errorMessage = errorMessage
            self.lastUpdateTime = lastUpdateTime
        }

        public var failed: Bool { status.hasSuffix("_FAILED") }
    }

    public var organizationId: String
    public var managementAccount: AccountID
    public var name: String
    /// Eight lower-case letters and digits after the name, in the rule's ARN and in each member rule's name.
    public var suffix: String
    /// The account that put the rule (the management account or a delegated administrator): its ARN's account.
    public var ownerAccount: AccountID
    public var region: String
    public var ruleIdentifier: String
    public var description: String?
    public var inputParameters: String?
    public var maximumExecutionFrequency: String?
    public var resourceTypesScope: [String]?
    public var resourceIdScope: String?
    public var excludedAccounts: [AccountID]
    public var lastUpdateTime: Date
    /// False until the first update: a later put reports `UPDATE_…` statuses, as AWS does.
    public var updated: Bool
    public var members: [MemberStatus]

    public init(
        organizationId: String, managementAccount: AccountID, name: String, suffix: String, ownerAccount: AccountID,
        region: String, ruleIdentifier: String, lastUpdateTime: Date
    ) {
        self.organizationId = organizationId
        self.managementAccount = managementAccount
        self.name = name
        self.suffix = suffix
        self.ownerAccount = ownerAccount
        self.region = region
        self.ruleIdentifier = ruleIdentifier
        self.excludedAccounts = []
        self.lastUpdateTime = lastUpdateTime
        self.updated = false
        self.members = []
    }

    /// The name of the `ConfigRule` each account receives.
    public var memberRuleName: String { "OrgConfigRule-\(name)-\(suffix)" }

    public func arn(in partition: Partition) -> String {
        "arn:\(partition.rawValue):config:\(region):\(ownerAccount.rawValue):organization-config-rule/\(name)-\(suffix)"
    }

    /// The service that owns the member rules: their `CreatedBy`.
    public static let servicePrincipal = "config-multiaccountsetup.amazonaws.com"
}
