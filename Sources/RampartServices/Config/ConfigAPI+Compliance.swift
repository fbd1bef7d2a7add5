import Foundation
import RampartCore
import RampartStore

extension ConfigAPI {
    static let resourceCap = 100
    static let ruleCap = 25

    public func describeComplianceByConfigRule(
        _ input: Config.DescribeComplianceByConfigRuleRequest, _ call: CallContext
    ) async throws -> Config.DescribeComplianceByConfigRuleResponse {
        let rules = try rules(named: input.configRuleNames, call)
        let wanted = Set(input.complianceTypes ?? [])
        let results = self.results(of: call.principal.account)
        let rows: [(String, ComplianceRollup)] = rules.compactMap { rule in
            let rollup = ComplianceRollup((results[rule.name] ?? []).map(\.compliance))
            return wanted.isEmpty || wanted.contains(rollup.type) ? (rule.name, rollup) : nil
        }
        let page = try ConfigPage(rows, limit: nil, defaultLimit: 25, token: input.nextToken, key: \.0)
        return Config.DescribeComplianceByConfigRuleResponse(
            complianceByConfigRules: page.items.map {
                Config.ComplianceByConfigRule(configRuleName: $0.0, compliance: $0.1.wire(cap: Self.resourceCap))
            }, nextToken: page.nextToken)
    }

    public func describeComplianceByResource(
        _ input: Config.DescribeComplianceByResourceRequest, _ call: CallContext
    ) async throws -> Config.DescribeComplianceByResourceResponse {
        if input.resourceId != nil, input.resourceType == nil {
            throw ConfigErrors.invalidParameterValue("The ResourceType is required when a ResourceId is provided.")
        }
        var byResource: [ResourceKey: [ConfigCompliance]] = [:]
        for (_, results) in results(of: call.principal.account) {
            for result in results where input.resourceType == nil || input.resourceType == result.resourceType {
                guard input.resourceId == nil || input.resourceId == result.resourceId else { continue }
                byResource[ResourceKey(type: result.resourceType, id: result.resourceId), default: []].append(
                    result.compliance)
            }
        }
        if let type = input.resourceType, let id = input.resourceId, byResource.isEmpty {
            byResource[ResourceKey(type: type, id: id)] = []
        }
        let wanted = Set(input.complianceTypes ?? [])
        let rows = byResource.map { ($0.key, ComplianceRollup($0.value)) }
            .filter { wanted.isEmpty || wanted.contains($0.1.type) }
            .sorted { $0.0.sortKey < $1.0.sortKey }
        let page = try ConfigPage(rows, limit: input.limit, defaultLimit: 10, token: input.nextToken, key: \.0.sortKey)
        return Config.DescribeComplianceByResourceResponse(
            complianceByResources: page.items.map {
                Config.ComplianceByResource(
                    resourceType: $0.0.type, resourceId: $0.0.id, compliance: $0.1.wire(cap: Self.ruleCap))
            }, nextToken: page.nextToken)
    }

    public func getComplianceDetailsByConfigRule(
        _ input: Config.GetComplianceDetailsByConfigRuleRequest, _ call: CallContext
    ) async throws -> Config.GetComplianceDetailsByConfigRuleResponse {
        let name = input.configRuleName
        _ = try rules(named: [name], call)
        let wanted = try Self.resultTypes(input.complianceTypes)
        let rows = (results(of: call.principal.account)[name] ?? [])
            .filter { wanted.contains($0.compliance) }
            .sorted { ($0.resourceType, $0.resourceId) < ($1.resourceType, $1.resourceId) }
        let page = try ConfigPage(
            rows, limit: input.limit, defaultLimit: 10, token: input.nextToken,
            key: { $0.resourceType + " " + $0.resourceId })
        return Config.GetComplianceDetailsByConfigRuleResponse(
            evaluationResults: page.items.map { Self.wire($0, rule: name) }, nextToken: page.nextToken)
    }

    public func getComplianceDetailsByResource(
        _ input: Config.GetComplianceDetailsByResourceRequest, _ call: CallContext
    ) async throws -> Config.GetComplianceDetailsByResourceResponse {
        if input.resourceEvaluationId != nil {
            throw ConfigErrors.invalidParameterValue(
                "Rampart evaluates rules in DETECTIVE mode only; there are no resource evaluations.")
        }
        guard let type = input.resourceType, let id = input.resourceId else {
            throw ConfigErrors.invalidParameterValue(
                "Either ResourceType and ResourceId, or ResourceEvaluationId must be specified.")
        }
        let wanted = try Self.resultTypes(input.complianceTypes)
        var rows: [(String, ConfigRuleResults.Result)] = []
        for (rule, results) in results(of: call.principal.account) {
            for result in results
            where result.resourceType == type && result.resourceId == id && wanted.contains(result.compliance) {
                rows.append((rule, result))
            }
        }
        rows.sort { $0.0 < $1.0 }
        let page = try ConfigPage(rows, limit: nil, defaultLimit: 100, token: input.nextToken, key: \.0)
        return Config.GetComplianceDetailsByResourceResponse(
            evaluationResults: page.items.map { Self.wire($0.1, rule: $0.0) }, nextToken: page.nextToken)
    }

    public func getComplianceSummaryByConfigRule(
        _ call: CallContext
    ) async throws -> Config.GetComplianceSummaryByConfigRuleResponse {
        let results = results(of: call.principal.account)
        let rules = try rules(named: nil, call)
        let rollups = rules.map { ComplianceRollup((results[$0.name] ?? []).map(\.compliance)) }
        return Config.GetComplianceSummaryByConfigRuleResponse(
            complianceSummary: Self.summary(rollups, cap: Self.ruleCap, at: call.now))
    }

    public func getComplianceSummaryByResourceType(
        _ input: Config.GetComplianceSummaryByResourceTypeRequest, _ call: CallContext
    ) async throws -> Config.GetComplianceSummaryByResourceTypeResponse {
        var byResource: [ResourceKey: [ConfigCompliance]] = [:]
        for (_, results) in results(of: call.principal.account) {
            for result in results {
                byResource[ResourceKey(type: result.resourceType, id: result.resourceId), default: []].append(
                    result.compliance)
            }
        }
        let rollups = byResource.map { ($0.key.type, ComplianceRollup($0.value)) }
        guard let types = input.resourceTypes, !types.isEmpty else {
            return Config.GetComplianceSummaryByResourceTypeResponse(complianceSummariesByResourceType: [
                Config.ComplianceSummaryByResourceType(
                    complianceSummary: Self.summary(rollups.map(\.1), cap: Self.resourceCap, at: call.now))
            ])
        }
        return Config.GetComplianceSummaryByResourceTypeResponse(
            complianceSummariesByResourceType: types.map { type in
                Config.ComplianceSummaryByResourceType(
                    resourceType: type,
                    complianceSummary: Self.summary(
                        rollups.filter { $0.0 == type }.map(\.1), cap: Self.resourceCap, at: call.now))
            })
    }

    struct ResourceKey: Hashable {
        var type: String
        var id: String
        var sortKey: String { type + " " + id }
    }

    /// Every rule's latest results in the account, by rule name.
    func results(of account: AccountID) -> [String: [ConfigRuleResults.Result]] {
        var byRule: [String: [ConfigRuleResults.Result]] = [:]
        for results in environment.store.snapshot().all(ConfigRuleResults.self, account: account.rawValue) {
            byRule[results.ruleName] = results.results
        }
        return byRule
    }

    /// The verdicts a compliance filter asks for; every kind a single result can have when none is given.
    /// `INSUFFICIENT_DATA` describes rules, never a result, so filtering by it finds nothing.
    static func resultTypes(_ given: [String]?) throws(AWSError) -> Set<ConfigCompliance> {
        guard let given, !given.isEmpty else { return Set(ConfigCompliance.allCases) }
        return Set(given.compactMap(ConfigCompliance.init(rawValue:)))
    }

    static func summary(_ rollups: [ComplianceRollup], cap: Int, at now: Date) -> Config.ComplianceSummary {
        let compliant = rollups.filter { $0.type == ConfigCompliance.compliant.rawValue }.count
        let nonCompliant = rollups.filter { $0.type == ConfigCompliance.nonCompliant.rawValue }.count
        return Config.ComplianceSummary(
            compliantResourceCount: Config.ComplianceContributorCount(
                cappedCount: min(compliant, cap), capExceeded: compliant > cap),
            nonCompliantResourceCount: Config.ComplianceContributorCount(
                cappedCount: min(nonCompliant, cap), capExceeded: nonCompliant > cap),
            complianceSummaryTimestamp: now)
    }

    static func wire(_ result: ConfigRuleResults.Result, rule: String) -> Config.EvaluationResult {
        Config.EvaluationResult(
            evaluationResultIdentifier: Config.EvaluationResultIdentifier(
                evaluationResultQualifier: Config.EvaluationResultQualifier(
                    configRuleName: rule, resourceType: result.resourceType, resourceId: result.resourceId,
                    evaluationMode: "DETECTIVE"),
                orderingTimestamp: result.invokedTime),
            complianceType: result.compliance.rawValue, resultRecordedTime: result.recordedTime,
            configRuleInvokedTime: result.invokedTime, annotation: result.annotation)
    }
}
