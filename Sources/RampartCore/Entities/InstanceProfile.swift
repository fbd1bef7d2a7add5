import Foundation

/// An instance profile: the container that hands a role to an EC2 instance. AWS's model has a
/// list of roles, but an instance profile holds at most one (`Limits.rolesPerInstanceProfile`).
public struct InstanceProfile: Codable, Sendable, Equatable {
    public var account: AccountID
    public var name: String
    public var id: String
    public var path: String
    public var createDate: Date
    /// The names of the roles in the profile, as the roles spell them. A role in a profile
    /// cannot be deleted, so each name always resolves.
    public var roleNames: [String]
    public var tags: [Tag]

    public init(account: AccountID, name: String, id: String, path: String, createDate: Date) {
        self.account = account
        self.name = name
        self.id = id
        self.path = path
        self.createDate = createDate
        self.roleNames = []
        self.tags = []
    }

    public func contains(role name: String) -> Bool {
        roleNames.contains { $0.lowercased() == name.lowercased() }
    }

    /// `arn:PARTITION:iam::ACCOUNT:instance-profile/PATH/NAME`, in the account's partition.
    public func arn(in partition: Partition) -> String {
        ARN.iam(partition, account: account.rawValue, "instance-profile\(path)\(name)")
    }
}
