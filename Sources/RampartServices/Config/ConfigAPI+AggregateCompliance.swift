import Foundation
import RampartCore
import RampartStore

extension ConfigAPI {
    public func describeAggregateComplianceByConfigRules(
        _ input: Config.DescribeAggregateComplianceByConfigRulesRequest, _ call: CallContext
    ) async throws -> Config.DescribeAggregateComplianceByConfigRulesResponse {
        let filters = input.filters
        // Rules without results are not listed, as on AWS.
        let rows = try aggregate(input.configurationAggregatorName, call).rows.filter { row in
            !row.results.isEmpty
                && (filters?.configRuleName.map { $0 == row.rule } ?? true)
                && (filters?.accountId.map { $0 == row.account.rawValue } ?? true)
                && (filters?.awsRegion.map { $0 == row.region } ?? true)
                && (filters?.complianceType.map { $0 == row.rollup.type } ?? true)
        }
        let page = try ConfigPage(rows, limit: input.limit, defaultLimit: 1000, token: input.nextToken, key: \.sortKey)
        return Config.DescribeAggregateComplianceByConfigRulesResponse(
            aggregateComplianceByConfigRules: page.items.map {
                Config.AggregateComplianceByConfigRule(
                    configRuleName: $0.rule, compliance: $0.rollup.wire(cap: Self.resourceCap),
                    accountId: $0.account.rawValue, awsRegion: $0.region)
            }, nextToken: page.nextToken)
    }

    public func getAggregateComplianceDetailsByConfigRule(
        _ input: Config.GetAggregateComplianceDetailsByConfigRuleRequest, _ call: CallContext
    ) async throws -> Config.GetAggregateComplianceDetailsByConfigRuleResponse {
        if input.complianceType == ComplianceRollup.insufficientData {
            throw ConfigErrors.invalidParameterValue(
                "The ComplianceType INSUFFICIENT_DATA describes rules, not evaluation results.")
        }
        let row = try aggregate(input.configurationAggregatorName, call).rows.first {
            $0.account.rawValue == input.accountId && $0.region == input.awsRegion && $0.rule == input.configRuleName
        }
        let results = (row?.results ?? [])
            .filter { result in input.complianceType.map { $0 == result.compliance.rawValue } ?? true }
            .sorted { ($0.resourceType, $0.resourceId) < ($1.resourceType, $1.resourceId) }
        let page = try ConfigPage(
            results, limit: input.limit, defaultLimit: 50, token: input.nextToken,
            key: { $0.resourceType + " " + $0.resourceId })
        return Config.GetAggregateComplianceDetailsByConfigRuleResponse(
            aggregateEvaluationResults: page.items.map { result in
                let single = Self.wire(result, rule: input.configRuleName)
                return Config.AggregateEvaluationResult(
                    evaluationResultIdentifier: single.evaluationResultIdentifier,
                    complianceType: single.complianceType,
                    resultRecordedTime: single.resultRecordedTime, configRuleInvokedTime: single.configRuleInvokedTime,
                    annotation: single.annotation, accountId: input.accountId, awsRegion: input.awsRegion)
            }, nextToken: page.nextToken)
    }

    public func getAggregateConfigRuleComplianceSummary(
        _ input: Config.GetAggregateConfigRuleComplianceSummaryRequest, _ call: CallContext
    ) async throws -> Config.GetAggregateConfigRuleComplianceSummaryResponse {
        let rows = try aggregate(input.configurationAggregatorName, call).rows.filter { row in
            (input.filters?.accountId.map { $0 == row.account.rawValue } ?? true)
                && (input.filters?.awsRegion.map { $0 == row.region } ?? true)
        }
        var groups: [String: [ComplianceRollup]] = [:]
        for row in rows {
            let group: String
            switch input.groupByKey {
            case "ACCOUNT_ID": group = row.account.rawValue
            case "AWS_REGION": group = row.region
            default: group = ""
            }
            groups[group, default: []].append(row.rollup)
        }
        if input.groupByKey == nil, groups.isEmpty { groups[""] = [] }
        let counts = groups.sorted { $0.key < $1.key }
        let page = try ConfigPage(counts, limit: input.limit, defaultLimit: 1000, token: input.nextToken, key: \.key)
        return Config.GetAggregateConfigRuleComplianceSummaryResponse(
            groupByKey: input.groupByKey,
            aggregateComplianceCounts: page.items.map {
                Config.AggregateComplianceCount(
                    groupName: $0.key.isEmpty ? nil : $0.key,
                    complianceSummary: Self.summary($0.value, cap: Self.ruleCap, at: call.now))
            }, nextToken: page.nextToken)
    }

    /// The caller's aggregator's view, or NoSuchConfigurationAggregatorException.
    func aggregate(_ name: String, _ call: CallContext) throws(AWSError) -> AggregateCompliance {
        let snapshot = environment.store.snapshot()
        guard
            let aggregator = snapshot.get(
                ConfigurationAggregator.self, ConfigurationAggregator.key(call.principal.account, name))
        else { throw ConfigErrors.noSuchAggregator(name) }
        return AggregateCompliance(aggregator, in: snapshot)
    }
}
