import Foundation
import RampartCore
import RampartStore

extension ConfigAPI {
    /// Evaluates the named rules (every rule of the account without names) now, before answering.
    public func startConfigRulesEvaluation(
        _ input: Config.StartConfigRulesEvaluationRequest, _ call: CallContext
    ) async throws -> Config.StartConfigRulesEvaluationResponse {
        let names = Set(try rules(named: input.configRuleNames, call).map(\.name))
        try await evaluator.evaluate(call.principal.account, at: call.now) { rule, _ in names.contains(rule.name) }
        return Config.StartConfigRulesEvaluationResponse()
    }

    public func describeConfigRuleEvaluationStatus(
        _ input: Config.DescribeConfigRuleEvaluationStatusRequest, _ call: CallContext
    ) async throws -> Config.DescribeConfigRuleEvaluationStatusResponse {
        let rules = try rules(named: input.configRuleNames, call)
        let page = try ConfigPage(rules, limit: input.limit, defaultLimit: 50, token: input.nextToken, key: \.name)
        let partition = partition(of: call.principal.account)
        return Config.DescribeConfigRuleEvaluationStatusResponse(
            configRulesEvaluationStatus: page.items.map {
                Config.ConfigRuleEvaluationStatus(
                    configRuleName: $0.name, configRuleArn: $0.arn(in: partition), configRuleId: $0.id,
                    lastSuccessfulInvocationTime: $0.lastSuccessfulInvocationTime,
                    lastSuccessfulEvaluationTime: $0.lastSuccessfulEvaluationTime,
                    firstActivatedTime: $0.firstActivatedTime,
                    firstEvaluationStarted: $0.lastSuccessfulInvocationTime != nil)
            }, nextToken: page.nextToken)
    }
}
