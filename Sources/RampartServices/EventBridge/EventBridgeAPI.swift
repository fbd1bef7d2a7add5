import Foundation
import RampartCore
import RampartStore

/// Amazon EventBridge's alerting part over Rampart's store: rules on each account's default bus,
/// their targets, connections and API destinations, tags, `PutEvents` and `TestEventPattern`.
/// Matched events are handed to the `EventBus`, which delivers them off the request path.
public struct EventBridgeAPI: EventBridgeHandler {
    let environment: ServiceEnvironment
    let bus: EventBus

    /// Targets per rule (AWS's quota).
    static let targetLimit = 5
    /// Rules per bus (AWS's default quota, adjustable there).
    static let ruleLimit = 300

    public init(environment: ServiceEnvironment, bus: EventBus) {
        self.environment = environment
        self.bus = bus
    }

    func partition(of account: AccountID) -> Partition {
        environment.store.snapshot().get(Account.self, account.rawValue)?.effectivePartition ?? .commercial
    }

    /// Rampart has the default bus alone; a bus given by name or ARN must be it.
    static func checkBus(_ name: String?) throws(AWSError) {
        guard let name, !name.isEmpty else { return }
        let plain = name.hasPrefix("arn:") ? String(name.split(separator: "/").last ?? "") : name
        guard plain == EventRule.defaultBus else { throw EventBridgeErrors.noSuchBus(plain) }
    }

    /// The caller's rule as the store has it now, or EventBridge's error for a missing one.
    func storedRule(_ name: String, _ call: CallContext) throws(AWSError) -> EventRule {
        guard let rule = environment.store.snapshot().get(EventRule.self, EventRule.key(call.principal.account, name))
        else { throw EventBridgeErrors.noSuchRule(name) }
        return rule
    }

    static func page<Item>(
        _ items: [Item], limit: Int?, token: String?, key: (Item) -> String
    ) throws(AWSError) -> ConfigPage<Item> {
        try ConfigPage(
            items, limit: limit, defaultLimit: 100, token: token, key: key,
            invalidToken: EventBridgeErrors.invalidNextToken)
    }
}

extension StoreTransaction {
    /// The caller's rule, or EventBridge's error for a missing one.
    func rule(_ account: AccountID, _ name: String) throws(AWSError) -> EventRule {
        try require(EventRule.self, EventRule.key(account, name), missing: EventBridgeErrors.noSuchRule(name))
    }
}
