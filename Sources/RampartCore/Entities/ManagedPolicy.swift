import Foundation

/// A managed policy and its stored versions (at most five). AWS managed policies use the
/// account `aws` in their ARN and are never written by customers.
public struct ManagedPolicy: Codable, Sendable, Equatable {
    public struct Version: Codable, Sendable, Equatable {
        public var id: String
        public var document: String
        public var createDate: Date
        public init(id: String, document: String, createDate: Date) {
            self.id = id
            self.document = document
            self.createDate = createDate
        }
    }

    /// Nil for AWS managed policies.
    public var account: AccountID?
    public var name: String
    public var id: String
    public var path: String
    public var description: String?
    public var createDate: Date
    public var updateDate: Date
    public var defaultVersionId: String
    public var versions: [Version]
    /// Version ids are never reused, even after a version is deleted.
    public var nextVersionNumber: Int
    public var tags: [Tag]

    public init(
        account: AccountID?, name: String, id: String, path: String, description: String?, createDate: Date,
        document: String
    ) {
        self.account = account
        self.name = name
        self.id = id
        self.path = path
        self.description = description
        self.createDate = createDate
        self.updateDate = createDate
        self.defaultVersionId = "v1"
        self.versions = [Version(id: "v1", document: document, createDate: createDate)]
        self.nextVersionNumber = 2
        self.tags = []
    }

    /// `arn:PARTITION:iam::ACCOUNT:policy/PATH/NAME`, the account `aws` for AWS managed policies. AWS names
    /// its own policies in each partition (`arn:aws-us-gov:iam::aws:policy/…`), so the partition is the
    /// one of the account that refers to the policy.
    public func arn(in partition: Partition) -> String {
        ARN.iam(partition, account: account?.rawValue ?? "aws", "policy\(path)\(name)")
    }

    public var defaultVersion: Version? { versions.first { $0.id == defaultVersionId } }

    /// A version's document as an account of `partition` sees it. AWS publishes its managed policies in
    /// each partition with that partition's ARNs (`arn:aws-us-gov:iam::*:user/${aws:username}`); Rampart
    /// stores them once, in the commercial partition's words, and names them in the others here. A
    /// customer's document is the customer's own words, never rewritten.
    public func document(of version: Version, in partition: Partition) -> String {
        guard account == nil, partition != .commercial else { return version.document }
        return version.document.replacingOccurrences(of: "\"arn:aws:", with: "\"arn:\(partition.rawValue):")
    }
}
