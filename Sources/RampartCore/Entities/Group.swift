import Foundation

/// An IAM group. Membership is stored on each user; a group's member list is derived.
public struct Group: Codable, Sendable, Equatable {
    public var account: AccountID
    public var name: String
    public var id: String
    public var path: String
    public var createDate: Date
    public var policies: PolicyAttachments

    public init(account: AccountID, name: String, id: String, path: String, createDate: Date) {
        self.account = account
        self.name = name
        self.id = id
        self.path = path
        self.createDate = createDate
        self.policies = PolicyAttachments()
    }

    /// `arn:PARTITION:iam::ACCOUNT:group/PATH/NAME`, in the account's partition.
    public func arn(in partition: Partition) -> String {
        ARN.iam(partition, account: account.rawValue, "group\(path)\(name)")
    }
}
