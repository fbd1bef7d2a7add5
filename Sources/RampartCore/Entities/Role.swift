import Foundation

/// An IAM role: a trust policy saying who may assume it, and the permissions it grants.
public struct Role: Codable, Sendable, Equatable {
    public var account: AccountID
    public var name: String
    public var id: String
    public var path: String
    public var createDate: Date
    public var assumeRolePolicyDocument: String
    public var description: String?
    public var maxSessionDuration: Int
    public var permissionsBoundaryArn: String?
    public var tags: [Tag]
    public var policies: PolicyAttachments
    public var lastUsedDate: Date?
    public var lastUsedRegion: String?
    /// The service principal of a service-linked role (`CreateServiceLinkedRole`); nil for every other
    /// role. Only that service may change such a role, so IAM's own operations refuse to.
    public var linkedService: String?
    /// The role template (ARN and minor version) AcquireRole made the role from; nil for every other role.
    public var sourceRoleTemplate: SourceRoleTemplate?

    public init(
        account: AccountID, name: String, id: String, path: String, createDate: Date,
        assumeRolePolicyDocument: String, maxSessionDuration: Int
    ) {
        self.account = account
        self.name = name
        self.id = id
        self.path = path
        self.createDate = createDate
        self.assumeRolePolicyDocument = assumeRolePolicyDocument
        self.maxSessionDuration = maxSessionDuration
        self.tags = []
        self.policies = PolicyAttachments()
    }

    public var isServiceLinked: Bool { linkedService != nil }

    /// `arn:PARTITION:iam::ACCOUNT:role/PATH/NAME`, in the account's partition.
    public func arn(in partition: Partition) -> String {
        ARN.iam(partition, account: account.rawValue, "role\(path)\(name)")
    }
}

/// Where a role made by AcquireRole came from: GetRole reports it, and AcquireRole returns the role
/// again (instead of a name conflict) when asked for the same template.
public struct SourceRoleTemplate: Codable, Sendable, Equatable {
    public var templateArn: String
    public var minorVersion: Int

    public init(templateArn: String, minorVersion: Int) {
        self.templateArn = templateArn
        self.minorVersion = minorVersion
    }
}
