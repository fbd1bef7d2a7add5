import Foundation
import RampartCore
import RampartStore

extension ConfigAPI {
    static let frequencies = ["One_Hour", "Three_Hours", "Six_Hours", "Twelve_Hours", "TwentyFour_Hours"]

    public func putConfigRule(_ input: Config.PutConfigRuleRequest, _ call: CallContext) async throws {
        let account = call.principal.account
        let given = input.configRule
        let managed = try Self.managedRule(of: given.source)
        if given.source.sourceDetails.map({ !$0.isEmpty }) ?? false {
            throw ConfigErrors.invalidParameterValue(
                "SourceDetails should be null/empty if the owner is AWS. SourceDetails should be provided if the owner is CUSTOM_LAMBDA."
            )
        }
        if given.maximumExecutionFrequency != nil, managed.trigger == .configurationChange {
            throw ConfigErrors.invalidParameterValue(
                "A maximum execution frequency for this rule is not allowed because only a change in resources triggers this managed rule."
            )
        }
        if let state = given.configRuleState, state != "ACTIVE" {
            throw ConfigErrors.invalidParameterValue(
                "The ConfigRuleState \(state) is invalid. Only the following values are permitted: ACTIVE.")
        }
        if given.evaluationModes?.contains(where: { $0.mode == "PROACTIVE" }) ?? false {
            throw ConfigErrors.invalidParameterValue(
                "Rampart evaluates rules in DETECTIVE mode only; PROACTIVE evaluation is not supported.")
        }
        if let scope = given.scope {
            if scope.tagValue != nil, scope.tagKey == nil {
                throw ConfigErrors.invalidParameterValue("Scope TagValue requires a TagKey.")
            }
            if scope.tagKey != nil {
                throw ConfigErrors.invalidParameterValue("Rampart does not evaluate tag-scoped rules yet.")
            }
            if scope.complianceResourceId != nil, scope.complianceResourceTypes?.count != 1 {
                throw ConfigErrors.invalidParameterValue(
                    "A ComplianceResourceId requires exactly one resource type in ComplianceResourceTypes.")
            }
        }
        _ = try RuleParameters.parse(given.inputParameters, for: managed)
        let newId = Self.newRuleId()
        let limit = ruleLimit
        let region = call.region
        let now = call.now
        let name: String = try await environment.store.write { transaction in
            guard transaction.count(ConfigurationRecorder.self, account: account.rawValue) > 0 else {
                throw ConfigErrors.noRecorderForRule
            }
            let existing = try Self.existingRule(given, account: account, in: transaction)
            if existing == nil, given.configRuleArn != nil || given.configRuleId != nil {
                throw ConfigErrors.invalidParameterValue(
                    "ConfigRule Arn and Id can not be specified when creating a new ConfigRule.")
            }
            guard let name = existing?.name ?? given.configRuleName else {
                throw ConfigErrors.invalidParameterValue(
                    "One or more identifiers needs to be provided. Provide Name or Id or Arn")
            }
            if existing == nil, transaction.count(ConfigRule.self, account: account.rawValue) >= limit {
                throw ConfigErrors.ruleLimit(limit)
            }
            if existing?.createdBy == OrganizationConfigRule.servicePrincipal { throw ConfigErrors.serviceOwnedRule }
            var rule =
                existing
                ?? ConfigRule(
                    account: account, region: region, name: name, id: newId, owner: given.source.owner,
                    sourceIdentifier: managed.identifier, firstActivatedTime: now)
            if existing == nil { rule.tags = Self.tags(input.tags) }
            rule.sourceIdentifier = managed.identifier
            rule.description = given.description
            rule.inputParameters = given.inputParameters
            rule.maximumExecutionFrequency = given.maximumExecutionFrequency
            rule.scope = given.scope.map {
                ConfigRule.Scope(
                    resourceTypes: $0.complianceResourceTypes, tagKey: $0.tagKey, tagValue: $0.tagValue,
                    resourceId: $0.complianceResourceId)
            }
            transaction.put(rule)
            return name
        }
        // AWS evaluates a new or changed rule soon after it is put; Rampart does it before answering.
        try await evaluator.evaluate(account, at: now) { rule, _ in rule.name == name }
    }

    public func describeConfigRules(
        _ input: Config.DescribeConfigRulesRequest, _ call: CallContext
    ) async throws -> Config.DescribeConfigRulesResponse {
        var rules = try rules(named: input.configRuleNames, call)
        if input.filters?.evaluationMode == "PROACTIVE" { rules = [] }
        let page = try ConfigPage(rules, limit: nil, defaultLimit: 25, token: input.nextToken, key: \.name)
        let partition = partition(of: call.principal.account)
        return Config.DescribeConfigRulesResponse(
            configRules: page.items.map { Self.wire($0, partition: partition) }, nextToken: page.nextToken)
    }

    public func deleteConfigRule(_ input: Config.DeleteConfigRuleRequest, _ call: CallContext) async throws {
        let account = call.principal.account
        let name = input.configRuleName
        try await environment.store.write { transaction in
            let key = ConfigRule.key(account, name)
            let rule = try transaction.require(ConfigRule.self, key, missing: ConfigErrors.noSuchConfigRule(name))
            if rule.createdBy == OrganizationConfigRule.servicePrincipal { throw ConfigErrors.serviceOwnedRule }
            transaction.delete(ConfigRule.self, key)
            transaction.delete(ConfigRuleResults.self, ConfigRuleResults.key(account, name))
        }
    }

    static let idAlphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")

    /// `config-rule-` and six lower-case letters and digits, as AWS writes a rule's id.
    static func newRuleId() -> String { "config-rule-" + randomSuffix(6) }

    static func randomSuffix(_ count: Int) -> String {
        String((0..<count).map { _ in idAlphabet.randomElement()! })
    }

    /// The managed rule a source names; Rampart runs no Lambda functions or Guard policies.
    static func managedRule(of source: Config.Source) throws(AWSError) -> ManagedRule {
        guard source.owner == "AWS" else {
            throw ConfigErrors.invalidParameterValue(
                "Rampart evaluates AWS managed rules only; Owner \(source.owner) is not supported.")
        }
        guard let identifier = source.sourceIdentifier, let rule = ManagedRuleCatalog.byIdentifier[identifier] else {
            throw ConfigErrors.invalidParameterValue(
                "The sourceIdentifier \(source.sourceIdentifier ?? "null") is invalid. Please refer to the documentation for a list of valid sourceIdentifiers that can be used when AWS is the Owner."
            )
        }
        return rule
    }

    /// The rule a put names by its name, id or ARN, if it exists.
    static func existingRule(
        _ given: Config.ConfigRule, account: AccountID, in transaction: StoreTransaction
    ) throws(AWSError) -> ConfigRule? {
        if let name = given.configRuleName {
            return transaction.get(ConfigRule.self, ConfigRule.key(account, name))
        }
        guard given.configRuleId != nil || given.configRuleArn != nil else { return nil }
        let match = transaction.all(ConfigRule.self, account: account.rawValue).first {
            $0.id == given.configRuleId || given.configRuleArn?.hasSuffix(":config-rule/\($0.id)") == true
        }
        guard let match else { throw ConfigErrors.noSuchConfigRule(given.configRuleId ?? given.configRuleArn ?? "") }
        return match
    }

    /// The account's rules with the given names, each once and sorted (every rule without names).
    func rules(named names: [String]?, _ call: CallContext) throws(AWSError) -> [ConfigRule] {
        let all = environment.store.snapshot().all(ConfigRule.self, account: call.principal.account.rawValue)
        return try Self.pick(
            names.map { Set($0).sorted() }, from: all, name: \.name, missing: ConfigErrors.noSuchConfigRule)
    }

    static func wire(_ rule: ConfigRule, partition: Partition) -> Config.ConfigRule {
        Config.ConfigRule(
            configRuleName: rule.name, configRuleArn: rule.arn(in: partition), configRuleId: rule.id,
            description: rule.description,
            scope: rule.scope.map {
                Config.Scope(
                    complianceResourceTypes: $0.resourceTypes, tagKey: $0.tagKey, tagValue: $0.tagValue,
                    complianceResourceId: $0.resourceId)
            },
            source: Config.Source(owner: rule.owner, sourceIdentifier: rule.sourceIdentifier),
            inputParameters: rule.inputParameters ?? "{}", maximumExecutionFrequency: rule.maximumExecutionFrequency,
            configRuleState: rule.state, createdBy: rule.createdBy,
            evaluationModes: [Config.EvaluationModeConfiguration(mode: "DETECTIVE")])
    }
}
