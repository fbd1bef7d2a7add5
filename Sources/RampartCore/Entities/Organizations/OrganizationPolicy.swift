/// A policy of an organization (an SCP, RCP or management policy), attached to targets by id.
/// The AWS managed ones (`FullAWSAccess`, `RCPFullAWSAccess`) are not stored: see
/// `OrganizationPolicy.awsManaged`.
public struct OrganizationPolicy: Codable, Sendable, Equatable {
    /// `p-` and eight or more letters, digits or underscores (AWS managed: `p-FullAWSAccess`).
    public var id: String
    public var name: String
    public var description: String
    public var type: OrganizationPolicyType
    public var content: String
    public var awsManaged: Bool
    /// Nil for AWS managed policies, which belong to no organization.
    public var organizationId: String?
    public var managementAccount: AccountID?
    public var tags: [Tag]

    public init(
        id: String, name: String, description: String, type: OrganizationPolicyType, content: String,
        organizationId: String?, managementAccount: AccountID?, awsManaged: Bool = false
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.type = type
        self.content = content
        self.awsManaged = awsManaged
        self.organizationId = organizationId
        self.managementAccount = managementAccount
        self.tags = []
    }

    /// Named in the organization's partition (its management account's); AWS managed policies with the
    /// account `aws`, in every partition.
    public func arn(in partition: Partition) -> String {
        guard let organizationId, let managementAccount, !awsManaged else {
            return ARN.organizations(partition, account: "aws", "policy/\(type.arnSegment)/\(id)")
        }
        return ARN.organizations(
            partition, account: managementAccount.rawValue, "policy/\(organizationId)/\(type.arnSegment)/\(id)")
    }
}

extension OrganizationPolicy {
    /// The AWS managed policies Organizations attaches to every root, OU and account when their type is
    /// enabled: each allows everything, so enabling a type changes nothing until a customer policy
    /// narrows it.
    public static let awsManaged: [OrganizationPolicy] = [
        OrganizationPolicy(
            id: "p-FullAWSAccess", name: "FullAWSAccess",
            description: "Allows access to every operation", type: .serviceControl,
            content: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
            organizationId: nil, managementAccount: nil, awsManaged: true),
        OrganizationPolicy(
            id: "p-RCPFullAWSAccess", name: "RCPFullAWSAccess",
            description: "Allows access to every operation", type: .resourceControl,
            content:
                #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#,
            organizationId: nil, managementAccount: nil, awsManaged: true),
    ]

    /// The AWS managed policy of a type, attached by default when the type is enabled.
    public static func fullAccess(for type: OrganizationPolicyType) -> OrganizationPolicy? {
        awsManaged.first { $0.type == type }
    }
}
