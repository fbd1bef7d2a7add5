import Foundation
import RampartCore
import RampartStore

/// AWS Config's identity part over Rampart's store: recorders, a delivery channel, the managed
/// rules that judge identities, their compliance, tags. The caller's account is the one judged;
/// Config is regional on AWS, Rampart keeps one set per account (IAM, what it judges, is global).
public struct ConfigAPI: ConfigHandler {
    let environment: ServiceEnvironment
    let evaluator: ConfigEvaluator
    /// Config rules per account and region (AWS's quota, adjustable since 2023; 150 before).
    let ruleLimit: Int
    let organizationRuleLimit: Int
    /// Configuration aggregators per account (AWS's quota).
    let aggregatorLimit: Int

    public static let defaultRuleLimit = 1000
    public static let defaultAggregatorLimit = 50

    public init(
        environment: ServiceEnvironment, ruleLimit: Int = ConfigAPI.defaultRuleLimit,
        organizationRuleLimit: Int = ConfigAPI.defaultOrganizationRuleLimit,
        aggregatorLimit: Int = ConfigAPI.defaultAggregatorLimit
    ) {
        self.environment = environment
        self.evaluator = ConfigEvaluator(store: environment.store)
        self.ruleLimit = ruleLimit
        self.organizationRuleLimit = organizationRuleLimit
        self.aggregatorLimit = aggregatorLimit
    }

    func partition(of account: AccountID) -> Partition {
        environment.store.snapshot().get(Account.self, account.rawValue)?.effectivePartition ?? .commercial
    }

    static func tags(_ tags: [Config.Tag]?) -> [Tag] {
        (tags ?? []).map { Tag(key: $0.key ?? "", value: $0.value ?? "") }
    }

    /// The items with the given names, in the order asked (every item, sorted by name, without
    /// names); a name that is not there is the operation's error.
    static func pick<Item>(
        _ names: [String]?, from all: [Item], name: (Item) -> String, missing: (String) -> AWSError
    ) throws(AWSError) -> [Item] {
        guard let names, !names.isEmpty else { return all.sorted { name($0) < name($1) } }
        var byName: [String: Item] = [:]
        for item in all { byName[name(item)] = item }
        return try names.map { wanted throws(AWSError) in
            guard let item = byName[wanted] else { throw missing(wanted) }
            return item
        }
    }
}

extension StoreTransaction {
    /// A record that must exist; `missing` is the operation's error when it does not.
    func require<R: Record>(_ type: R.Type, _ key: String, missing: @autoclosure () -> AWSError) throws(AWSError) -> R {
        guard let record = get(type, key) else { throw missing() }
        return record
    }
}
