import RampartCore

// EventBridge's records belong to the account whose default bus they serve. Names are
// case-sensitive on AWS, so keys keep the name as given.

extension EventRule: Record {
    public static let kind = RecordKind("event-rule")
    public static func key(_ account: AccountID, _ name: String) -> String { "\(account.rawValue)/\(name)" }
    public var recordKey: String { Self.key(account, name) }
    public var recordAccount: String { account.rawValue }
}

extension EventConnection: Record {
    public static let kind = RecordKind("event-connection")
    public static func key(_ account: AccountID, _ name: String) -> String { "\(account.rawValue)/\(name)" }
    public var recordKey: String { Self.key(account, name) }
    public var recordAccount: String { account.rawValue }
}

extension APIDestination: Record {
    public static let kind = RecordKind("event-api-destination")
    public static func key(_ account: AccountID, _ name: String) -> String { "\(account.rawValue)/\(name)" }
    public var recordKey: String { Self.key(account, name) }
    public var recordAccount: String { account.rawValue }
}
