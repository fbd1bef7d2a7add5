import Foundation

/// An AWS Organizations organization: the management account that owns it, its one root, the
/// policy types enabled on that root, and the service-wide settings (trusted services, delegated
/// administrators). Its OUs, policies and account-creation requests are records of their own.
public struct Organization: Codable, Sendable, Equatable {
    public enum FeatureSet: String, Codable, Sendable {
        case all = "ALL"
        case consolidatedBilling = "CONSOLIDATED_BILLING"
    }

    /// `o-` and ten lower-case letters or digits.
    public var id: String
    public var featureSet: FeatureSet
    public var managementAccount: AccountID
    public var managementEmail: String
    public var createDate: Date
    public var root: OrganizationRoot
    /// Service principals with trusted access (`EnableAWSServiceAccess`), in the order enabled.
    public var trustedServices: [TrustedService]
    public var delegatedAdministrators: [DelegatedAdministrator]
    /// IAM's centralized root access features, as enabled; nil for none (and for records written before).
    public var rootAccessFeatures: [RootAccessFeature]?

    public init(
        id: String, featureSet: FeatureSet, managementAccount: AccountID, managementEmail: String, createDate: Date,
        root: OrganizationRoot
    ) {
        self.id = id
        self.featureSet = featureSet
        self.managementAccount = managementAccount
        self.managementEmail = managementEmail
        self.createDate = createDate
        self.root = root
        self.trustedServices = []
        self.delegatedAdministrators = []
    }

    /// Named in the partition of its management account, where the organization lives.
    public func arn(in partition: Partition) -> String {
        ARN.organizations(partition, account: managementAccount.rawValue, "organization/\(id)")
    }

    /// The ARN Organizations gives a member account (`account/o-…/ID`), in the organization's partition.
    public func accountArn(_ account: AccountID, in partition: Partition) -> String {
        ARN.organizations(partition, account: managementAccount.rawValue, "account/\(id)/\(account.rawValue)")
    }

    /// The enabled root access features in the model's order, as `ListOrganizationsFeatures` lists them.
    public var enabledRootAccessFeatures: [RootAccessFeature] {
        RootAccessFeature.allCases.filter { rootAccessFeatures?.contains($0) == true }
    }

    /// Turns one centralized root access feature on or off; either is idempotent.
    public mutating func setRootAccess(_ feature: RootAccessFeature, enabled: Bool) {
        var features = Set(rootAccessFeatures ?? [])
        if enabled { features.insert(feature) } else { features.remove(feature) }
        let ordered = RootAccessFeature.allCases.filter(features.contains)
        rootAccessFeatures = ordered.isEmpty ? nil : ordered
    }

    /// Whether a service principal (`iam.amazonaws.com`) has trusted access to the organization.
    public func trusts(_ servicePrincipal: String) -> Bool {
        trustedServices.contains { $0.servicePrincipal == servicePrincipal }
    }
}

/// The top of an organization's tree. AWS gives every organization exactly one, named "Root".
public struct OrganizationRoot: Codable, Sendable, Equatable {
    /// `r-` and four lower-case letters or digits.
    public var id: String
    public var name: String
    /// Policy types enabled on the root; a type must be enabled before its policies can be attached.
    public var enabledPolicyTypes: [OrganizationPolicyType]
    public var policyIds: [String]
    public var tags: [Tag]

    public init(id: String) {
        self.id = id
        self.name = "Root"
        self.enabledPolicyTypes = []
        self.policyIds = []
        self.tags = []
    }

    /// Named in the organization's partition (its management account's).
    public func arn(in organization: Organization, partition: Partition) -> String {
        ARN.organizations(partition, account: organization.managementAccount.rawValue, "root/\(organization.id)/\(id)")
    }
}

/// A service trusted to act across the organization (`iam.amazonaws.com`, `config.amazonaws.com`, …).
public struct TrustedService: Codable, Sendable, Equatable {
    public var servicePrincipal: String
    public var enabledDate: Date

    public init(servicePrincipal: String, enabledDate: Date) {
        self.servicePrincipal = servicePrincipal
        self.enabledDate = enabledDate
    }
}

/// A member account registered to administer one service for the organization.
public struct DelegatedAdministrator: Codable, Sendable, Equatable {
    public var account: AccountID
    public var servicePrincipal: String
    public var delegationEnabledDate: Date

    public init(account: AccountID, servicePrincipal: String, delegationEnabledDate: Date) {
        self.account = account
        self.servicePrincipal = servicePrincipal
        self.delegationEnabledDate = delegationEnabledDate
    }
}
