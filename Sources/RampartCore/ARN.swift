/// An Amazon Resource Name: `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`.
/// The resource part keeps its colons and slashes; only the first five separators split.
public struct ARN: Hashable, Sendable, CustomStringConvertible {
    public var partition: Partition
    public var service: String
    public var region: String
    public var account: String
    public var resource: String

    public init(partition: Partition, service: String, region: String = "", account: String, resource: String) {
        self.partition = partition
        self.service = service
        self.region = region
        self.account = account
        self.resource = resource
    }

    /// Any partition parses (`aws`, `aws-us-gov`, `aws-cn`, …): whether it is the caller's is the
    /// reader's question.
    public init?(parsing text: String) {
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", !parts[1].isEmpty, !parts[2].isEmpty, !parts[5].isEmpty else {
            return nil
        }
        partition = Partition(rawValue: String(parts[1]))
        service = String(parts[2])
        region = String(parts[3])
        account = String(parts[4])
        resource = String(parts[5])
    }

    public var description: String { "arn:\(partition.rawValue):\(service):\(region):\(account):\(resource)" }
}

// The ARNs Rampart names its own resources with. Each takes the partition of the account the resource
// belongs to: nothing is named `arn:aws:` by default.
extension ARN {
    /// An IAM resource, `arn:PARTITION:iam::ACCOUNT:RESOURCE` (`user/path/name`, `root`, `policy/…`; the
    /// account `aws` for AWS managed policies).
    public static func iam(_ partition: Partition, account: String, _ resource: String) -> String {
        "arn:\(partition.rawValue):iam::\(account):\(resource)"
    }

    /// An STS resource, `arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE/SESSION`.
    public static func sts(_ partition: Partition, account: String, _ resource: String) -> String {
        "arn:\(partition.rawValue):sts::\(account):\(resource)"
    }

    /// An Organizations resource, `arn:PARTITION:organizations::ACCOUNT:RESOURCE`.
    public static func organizations(_ partition: Partition, account: String, _ resource: String) -> String {
        "arn:\(partition.rawValue):organizations::\(account):\(resource)"
    }

    /// The root user of an account, `arn:PARTITION:iam::ACCOUNT:root`.
    public static func root(_ partition: Partition, _ account: AccountID) -> String {
        iam(partition, account: account.rawValue, "root")
    }
}
