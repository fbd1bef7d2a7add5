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

extension ConfigEvaluationDue: Record {
    public static let kind = RecordKind("config-evaluation-due")
    public var recordKey: String { account.rawValue }
    public var recordAccount: String { account.rawValue }
}

// Organization rules live with the management account of their organization; aggregators and
// authorizations with the account that made them.

extension OrganizationConfigRule: Record {
    public static let kind = RecordKind("config-organization-rule")
    public static func key(_ organizationId: String, _ name: String) -> String { "\(organizationId)/\(name)" }
    public var recordKey: String { Self.key(organizationId, name) }
    public var recordAccount: String { managementAccount.rawValue }
}

extension ConfigurationAggregator: Record {
    public static let kind = RecordKind("config-aggregator")
    public static func key(_ account: AccountID, _ name: String) -> String { "\(account.rawValue)/\(name)" }
    public var recordKey: String { Self.key(account, name) }
    public var recordAccount: String { account.rawValue }
}

extension AggregationAuthorization: Record {
    public static let kind = RecordKind("config-aggregation-authorization")
    public static func key(_ account: AccountID, _ authorized: AccountID, _ region: String) -> String {
        "\(account.rawValue)/\(authorized.rawValue)/\(region)"
    }
    public var recordKey: String { Self.key(account, authorizedAccount, authorizedRegion) }
    public var recordAccount: String { account.rawValue }
}

extension RecordTypes {
    /// The record types of this file's second half, loaded with the others (`RecordTypes.all`).
    static let configOrganization: [any Record.Type] = [
        OrganizationConfigRule.self, ConfigurationAggregator.self, AggregationAuthorization.self,
    ]
    /// Accounts whose change-triggered rules are due (`ConfigEvaluationDue`).
    static let configPending: [any Record.Type] = [ConfigEvaluationDue.self]
}
