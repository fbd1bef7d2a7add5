import RampartCore

// AWS Config's records belong to the account whose IAM state they judge. Rule names are
// case-sensitive on AWS (`MyRule` and `myrule` are two rules), so keys keep the name as given.

extension ConfigurationRecorder: Record {
    public static let kind = RecordKind("config-recorder")
    public static func key(_ account: AccountID, _ name: String) -> String { "\(account.rawValue)/\(name)" }
    public var recordKey: String { Self.key(account, name) }
    public var recordAccount: String { account.rawValue }
}

extension ConfigDeliveryChannel: Record {
    public static let kind = RecordKind("config-delivery-channel")
    public static func key(_ account: AccountID, _ name: String) -> String { "\(account.rawValue)/\(name)" }
    public var recordKey: String { Self.key(account, name) }
    public var recordAccount: String { account.rawValue }
}

extension ConfigRule: Record {
    public static let kind = RecordKind("config-rule")
    public static func key(_ account: AccountID, _ name: String) -> String { "\(account.rawValue)/\(name)" }
    public var recordKey: String { Self.key(account, name) }
    public var recordAccount: String { account.rawValue }
}

extension ConfigRuleResults: Record {
    public static let kind = RecordKind("config-rule-results")
    public var recordKey: String { Self.key(account, ruleName) }
    public var recordAccount: String { account.rawValue }
}
