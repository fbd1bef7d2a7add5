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

    public static let defaultRuleLimit = 1000

    public init(environment: ServiceEnvironment, ruleLimit: Int = ConfigAPI.defaultRuleLimit) {
        self.environment = environment
        self.evaluator = ConfigEvaluator(store: environment.store)
        self.ruleLimit = ruleLimit
    }

    func partition(of account: AccountID) -> Partition {
        environment.store.snapshot().get(Account.self, account.rawValue)?.effectivePartition ?? .commercial
    }

    static func tags(_ tags: [Config.Tag]?) -> [Tag] {
        (tags ?? []).map { Tag(key: $0.key ?? "", value: $0.value ?? "") }
    }
}
