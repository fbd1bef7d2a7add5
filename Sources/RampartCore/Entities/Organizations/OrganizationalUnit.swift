/// An organizational unit: a named container of accounts and other OUs under the root.
public struct OrganizationalUnit: Codable, Sendable, Equatable {
    /// `ou-`, the root id's four characters, `-`, eight lower-case letters or digits.
    public var id: String
    public var name: String
    /// The root or OU this one sits in.
    public var parentId: String
    public var organizationId: String
    public var managementAccount: AccountID
    public var policyIds: [String]
    public var tags: [Tag]

    public init(id: String, name: String, parentId: String, organizationId: String, managementAccount: AccountID) {
        self.id = id
        self.name = name
        self.parentId = parentId
        self.organizationId = organizationId
        self.managementAccount = managementAccount
        self.policyIds = []
        self.tags = []
    }

    /// Named in the organization's partition (its management account's).
    public func arn(in partition: Partition) -> String {
        ARN.organizations(partition, account: managementAccount.rawValue, "ou/\(organizationId)/\(id)")
    }
}
