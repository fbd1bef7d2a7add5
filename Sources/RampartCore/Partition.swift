/// One of AWS's partitions, the second field of every ARN (`arn:aws-us-gov:iam::…`). An account lives in
/// one partition and everything in it is named there: its users, roles and policies, its MFA devices,
/// and the AWS managed policies it attaches. Root users exist only in the commercial partition and the
/// ISO ones; GovCloud (US) and China accounts have no root user credentials.
public struct Partition: RawRepresentable, Hashable, Sendable, Codable {
    public let rawValue: String

    /// Any name, as ARNs given by clients carry it; `all` lists the ones an account may be created in.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public static let commercial = Partition(rawValue: "aws")
    public static let govCloud = Partition(rawValue: "aws-us-gov")
    public static let china = Partition(rawValue: "aws-cn")

    public static let all = [
        commercial, govCloud, china, Partition(rawValue: "aws-iso"), Partition(rawValue: "aws-iso-b"),
        Partition(rawValue: "aws-iso-e"), Partition(rawValue: "aws-iso-f"), Partition(rawValue: "aws-eusc"),
    ]

    /// Whether accounts of this partition have a root user.
    public var hasRootUsers: Bool { self != .govCloud && self != .china }

    /// The partition a region belongs to, by AWS's region naming: `us-gov-west-1` is GovCloud,
    /// `cn-north-1` China, `us-iso-east-1` ISO, and so on; every other region is commercial.
    public static func of(region: String) -> Partition {
        let prefixes: [(String, String)] = [
            ("us-gov-", "aws-us-gov"), ("cn-", "aws-cn"), ("us-isob-", "aws-iso-b"), ("us-isof-", "aws-iso-f"),
            ("eu-isoe-", "aws-iso-e"), ("us-iso-", "aws-iso"), ("eusc-", "aws-eusc"),
        ]
        return Partition(rawValue: prefixes.first { region.hasPrefix($0.0) }?.1 ?? commercial.rawValue)
    }
}

extension Partition: CustomStringConvertible {
    public var description: String { rawValue }
}
