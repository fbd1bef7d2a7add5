/// What an account is to the root-user MFA mandate, derived from its organization: the management
/// account of one, a member of one, or on its own.
public enum AccountKind: String, Codable, Sendable, CaseIterable, Comparable {
    case management = "MANAGEMENT"
    case member = "MEMBER"
    case standalone = "STANDALONE"

    public static func < (lhs: AccountKind, rhs: AccountKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// AWS's partitions. Root users exist only in the commercial partition and the ISO ones; GovCloud (US)
/// and China accounts have no root user credentials.
public enum Partition {
    public static let commercial = "aws"
    public static let all = [
        "aws", "aws-us-gov", "aws-cn", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc",
    ]
    public static let withoutRootUsers: Set<String> = ["aws-us-gov", "aws-cn"]

    /// The partition a region belongs to, by AWS's region naming: `us-gov-west-1` is GovCloud,
    /// `cn-north-1` China, `us-iso-east-1` ISO, and so on; every other region is commercial.
    public static func of(region: String) -> String {
        let prefixes: [(String, String)] = [
            ("us-gov-", "aws-us-gov"), ("cn-", "aws-cn"), ("us-isob-", "aws-iso-b"), ("us-isof-", "aws-iso-f"),
            ("eu-isoe-", "aws-iso-e"), ("us-iso-", "aws-iso"), ("eusc-", "aws-eusc"),
        ]
        return prefixes.first { region.hasPrefix($0.0) }?.1 ?? commercial
    }
}
