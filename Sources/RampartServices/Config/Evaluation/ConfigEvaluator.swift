import Foundation
import RampartCore
import RampartStore

/// Runs an account's rules over its identities and keeps their verdicts. One store write reads
/// the facts and replaces the results, so a verdict always describes one committed state; a
/// verdict that changed is an event in the account's trail (`ComplianceChangeEvent`).
public struct ConfigEvaluator: Sendable {
    let store: any Store

    public init(store: any Store) {
        self.store = store
    }

    /// Evaluates the account's rules that `select` picks (every rule by default); returns how many ran.
    @discardableResult
    public func evaluate(
        _ account: AccountID, at now: Date,
        select: @escaping @Sendable (ConfigRule, ManagedRule) -> Bool = { _, _ in true }
    ) async throws -> Int {
        try await store.write { transaction in
            Self.evaluate(account, at: now, in: &transaction, select: select)
        }
    }

    /// Runs the account's change-triggered rules if a change left it due (`ConfigEvaluationDue`),
    /// removing the mark in the same write: of every instance that tries, one evaluates, on the
    /// state after every change the mark stood for. Returns how many rules ran.
    @discardableResult
    public func evaluateDue(_ account: AccountID, at now: Date) async throws -> Int {
        try await store.write { transaction in
            guard transaction.get(ConfigEvaluationDue.self, account.rawValue) != nil else { return 0 }
            transaction.delete(ConfigEvaluationDue.self, account.rawValue)
            return Self.evaluate(account, at: now, in: &transaction) { _, managed in
                managed.trigger == .configurationChange
            }
        }
    }

    /// The evaluation inside a write: pure but for the transaction it changes.
    static func evaluate(
        _ account: AccountID, at now: Date, in transaction: inout StoreTransaction,
        select: (ConfigRule, ManagedRule) -> Bool
    ) -> Int {
        guard let owner = transaction.get(Account.self, account.rawValue) else { return 0 }
        let rules = transaction.all(ConfigRule.self, account: account.rawValue).compactMap { rule in
            ManagedRuleCatalog.byIdentifier[rule.sourceIdentifier].flatMap { select(rule, $0) ? (rule, $0) : nil }
        }
        guard !rules.isEmpty else { return 0 }
        let facts = IdentityFacts.gather(owner, in: transaction)
        for (rule, managed) in rules {
            // Parameters were checked when the rule was put; the defaults stand in should that ever fail.
            let parameters =
                (try? RuleParameters.parse(rule.inputParameters, for: managed)) ?? RuleParameters.parseDefaults(managed)
            let verdicts = managed.judge(facts, parameters, now).filter { Self.inScope($0, rule.scope) }
            let key = ConfigRuleResults.key(account, rule.name)
            let previous = transaction.get(ConfigRuleResults.self, key)?.results ?? []
            let results = Self.merge(verdicts, previous: previous, at: now)
            for change in Self.changes(from: previous, to: results) {
                transaction.record(
                    ComplianceChangeEvent.record(
                        rule: rule, change: change, partition: owner.effectivePartition,
                        organization: owner.membership?.organizationId, at: now
                    ).trailEvent)
            }
            transaction.put(ConfigRuleResults(account: account, ruleName: rule.name, results: results))
            var ran = rule
            ran.lastSuccessfulInvocationTime = now
            ran.lastSuccessfulEvaluationTime = now
            transaction.put(ran)
        }
        return rules.count
    }

    /// Whether a rule's scope covers a resource: its types (an empty list is every type the rule
    /// reports on) and, when given, the one resource id.
    static func inScope(_ verdict: ResourceVerdict, _ scope: ConfigRule.Scope?) -> Bool {
        guard let scope else { return true }
        if let types = scope.resourceTypes, !types.isEmpty, !types.contains(verdict.resourceType) { return false }
        if let id = scope.resourceId, id != verdict.resourceId { return false }
        return true
    }

    /// The new results, keeping the time a verdict was first recorded while it holds.
    static func merge(
        _ verdicts: [ResourceVerdict], previous: [ConfigRuleResults.Result], at now: Date
    ) -> [ConfigRuleResults.Result] {
        var before: [String: ConfigRuleResults.Result] = [:]
        for result in previous { before[result.resourceType + " " + result.resourceId] = result }
        return verdicts.map { verdict in
            let old = before[verdict.resourceType + " " + verdict.resourceId]
            let recorded = old.flatMap { $0.compliance == verdict.compliance ? $0.recordedTime : nil } ?? now
            return ConfigRuleResults.Result(
                resourceType: verdict.resourceType, resourceId: verdict.resourceId, compliance: verdict.compliance,
                annotation: verdict.annotation, recordedTime: recorded, invokedTime: now)
        }
    }

    /// The resources whose verdict is new or different.
    static func changes(
        from previous: [ConfigRuleResults.Result], to current: [ConfigRuleResults.Result]
    ) -> [ComplianceChangeEvent.Change] {
        var before: [String: ConfigCompliance] = [:]
        for result in previous { before[result.resourceType + " " + result.resourceId] = result.compliance }
        return current.compactMap { result in
            let old = before[result.resourceType + " " + result.resourceId]
            guard old != result.compliance else { return nil }
            return ComplianceChangeEvent.Change(
                resourceType: result.resourceType, resourceId: result.resourceId, old: old, new: result.compliance)
        }
    }
}

extension RuleParameters {
    /// A rule's defaults alone.
    static func parseDefaults(_ rule: ManagedRule) -> RuleParameters {
        var values: [String: String] = [:]
        for parameter in rule.parameters { values[parameter.name] = parameter.defaultValue }
        return RuleParameters(values)
    }
}
