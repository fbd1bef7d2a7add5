import Foundation
import RampartCore
import RampartStore

extension EventBridgeAPI {
    public func putRule(_ input: EventBridge.PutRuleRequest, _ call: CallContext) async throws
        -> EventBridge.PutRuleResponse
    {
        try Self.checkBus(input.eventBusName)
        guard input.eventPattern != nil || input.scheduleExpression != nil else {
            throw EventBridgeErrors.validation("Parameter(s) EventPattern or ScheduleExpression must be specified.")
        }
        if let pattern = input.eventPattern {
            do { _ = try EventPattern(json: pattern) } catch { throw EventBridgeErrors.invalidPattern(error) }
        }
        if let schedule = input.scheduleExpression, !ScheduleExpression.isValid(schedule) {
            throw EventBridgeErrors.validation("Parameter ScheduleExpression is not valid.")
        }
        let account = call.principal.account
        let now = call.now
        let tags = (input.tags ?? []).map { Tag(key: $0.key, value: $0.value) }
        let rule = try await environment.store.write { transaction in
            var rule =
                transaction.get(EventRule.self, EventRule.key(account, input.name))
                ?? EventRule(account: account, name: input.name, createdAt: now)
            if transaction.get(EventRule.self, rule.recordKey) == nil {
                guard transaction.count(EventRule.self, account: account.rawValue) < Self.ruleLimit else {
                    throw EventBridgeErrors.error(
                        "LimitExceededException", "The requested resource exceeds the maximum number allowed.")
                }
            }
            // PutRule replaces what it is given and keeps targets; tags are only added on creation, as on AWS.
            rule.eventPattern = input.eventPattern
            rule.scheduleExpression = input.scheduleExpression
            rule.state = input.state ?? EventRule.enabled
            rule.description = input.description
            rule.roleArn = input.roleArn
            if rule.tags.isEmpty { rule.tags = tags }
            transaction.put(rule)
            return rule
        }
        return EventBridge.PutRuleResponse(ruleArn: rule.arn(in: partition(of: account), region: call.region))
    }

    public func describeRule(
        _ input: EventBridge.DescribeRuleRequest, _ call: CallContext
    ) async throws -> EventBridge.DescribeRuleResponse {
        try Self.checkBus(input.eventBusName)
        let account = call.principal.account
        let rule = try storedRule(input.name, call)
        return EventBridge.DescribeRuleResponse(
            name: rule.name, arn: rule.arn(in: partition(of: account), region: call.region),
            eventPattern: rule.eventPattern, scheduleExpression: rule.scheduleExpression, state: rule.state,
            description: rule.description, roleArn: rule.roleArn, eventBusName: EventRule.defaultBus,
            createdBy: account.rawValue)
    }

    public func listRules(
        _ input: EventBridge.ListRulesRequest, _ call: CallContext
    ) async throws -> EventBridge.ListRulesResponse {
        try Self.checkBus(input.eventBusName)
        let account = call.principal.account
        let partition = partition(of: account)
        let rules = environment.store.snapshot().all(EventRule.self, account: account.rawValue)
            .filter { $0.name.hasPrefix(input.namePrefix ?? "") }.sorted { $0.name < $1.name }
        let page = try Self.page(rules, limit: input.limit, token: input.nextToken, key: \.name)
        return EventBridge.ListRulesResponse(
            rules: page.items.map { rule in
                EventBridge.Rule(
                    name: rule.name, arn: rule.arn(in: partition, region: call.region), eventPattern: rule.eventPattern,
                    state: rule.state, description: rule.description, scheduleExpression: rule.scheduleExpression,
                    roleArn: rule.roleArn, eventBusName: EventRule.defaultBus)
            }, nextToken: page.nextToken)
    }

    public func deleteRule(_ input: EventBridge.DeleteRuleRequest, _ call: CallContext) async throws {
        try Self.checkBus(input.eventBusName)
        let account = call.principal.account
        try await environment.store.write { transaction in
            // Deleting a rule that is not there succeeds on AWS.
            guard let rule = transaction.get(EventRule.self, EventRule.key(account, input.name)) else { return }
            guard rule.targets.isEmpty else {
                throw EventBridgeErrors.validation("Rule can't be deleted since it has targets.")
            }
            transaction.delete(EventRule.self, rule.recordKey)
        }
    }

    public func enableRule(_ input: EventBridge.EnableRuleRequest, _ call: CallContext) async throws {
        try await setState(EventRule.enabled, rule: input.name, bus: input.eventBusName, call)
    }

    public func disableRule(_ input: EventBridge.DisableRuleRequest, _ call: CallContext) async throws {
        try await setState(EventRule.disabled, rule: input.name, bus: input.eventBusName, call)
    }

    func setState(_ state: String, rule name: String, bus: String?, _ call: CallContext) async throws {
        try Self.checkBus(bus)
        let account = call.principal.account
        try await environment.store.write { transaction in
            var rule = try transaction.rule(account, name)
            guard rule.state != state else { return }
            rule.state = state
            transaction.put(rule)
        }
    }

    public func testEventPattern(
        _ input: EventBridge.TestEventPatternRequest, _ call: CallContext
    ) async throws -> EventBridge.TestEventPatternResponse {
        let pattern: EventPattern
        do { pattern = try EventPattern(json: input.eventPattern) } catch {
            throw EventBridgeErrors.invalidPattern(error)
        }
        guard let event = EventJSON(parsing: input.event), case .object(let members) = event else {
            throw EventBridgeErrors.validation("Parameter Event is not valid.")
        }
        // AWS checks the envelope's required fields before matching.
        for field in ["id", "account", "source", "time", "region", "detail-type"] where members[field] == nil {
            throw EventBridgeErrors.validation(
                "Parameter Event is not valid. Reason: Provided Event is missing required field: \(field).")
        }
        return EventBridge.TestEventPatternResponse(result: pattern.matches(event))
    }
}
