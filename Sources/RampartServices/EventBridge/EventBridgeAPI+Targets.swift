import Foundation
import RampartCore
import RampartStore

extension EventBridgeAPI {
    public func putTargets(
        _ input: EventBridge.PutTargetsRequest, _ call: CallContext
    ) async throws -> EventBridge.PutTargetsResponse {
        try Self.checkBus(input.eventBusName)
        let account = call.principal.account
        // EventBridge invokes an API destination with the target's role, and refuses the whole call
        // without one (an SNS topic is reached through its own resource policy instead).
        for target in input.targets where APIDestination.name(fromArn: target.arn) != nil && target.roleArn == nil {
            throw EventBridgeErrors.validation("RoleArn is required for target \(target.arn).")
        }
        var failed: [EventBridge.PutTargetsResultEntry] = []
        var accepted: [EventTarget] = []
        for target in input.targets {
            if let reason = Self.refusal(of: target) {
                failed.append(.init(targetId: target.id, errorCode: "ValidationException", errorMessage: reason))
            } else {
                accepted.append(Self.target(target))
            }
        }
        let accept = accepted
        try await environment.store.write { transaction in
            var rule = try transaction.rule(account, input.rule)
            for target in accept {
                if let index = rule.targets.firstIndex(where: { $0.id == target.id }) {
                    rule.targets[index] = target
                } else {
                    rule.targets.append(target)
                }
            }
            guard rule.targets.count <= Self.targetLimit else {
                throw EventBridgeErrors.error(
                    "LimitExceededException", "The requested resource exceeds the maximum number allowed.")
            }
            if !accept.isEmpty { transaction.put(rule) }
        }
        return EventBridge.PutTargetsResponse(failedEntryCount: failed.count, failedEntries: failed)
    }

    /// Why a target cannot be put, for its entry in `FailedEntries`; nil when it can.
    static func refusal(of target: EventBridge.Target) -> String? {
        let inputs = [target.input != nil, target.inputPath != nil, target.inputTransformer != nil].filter { $0 }
        if inputs.count > 1 {
            return "Only one of Input, InputPath, or InputTransformer must be provided."
        }
        if let input = target.input, EventJSON(parsing: input) == nil {
            return "Input is not valid JSON."
        }
        if let path = target.inputPath, EventPath(path) == nil {
            return "InputPath is not a valid JSON path."
        }
        if let transformer = target.inputTransformer {
            for (_, path) in transformer.inputPathsMap ?? [:] where EventPath(path) == nil {
                return "InputTransformer's InputPathsMap has a value that is not a valid JSON path: \(path)"
            }
        }
        if EmailOutbox.topic(of: target.arn) != nil { return nil }
        let parts = target.arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[2] == "events", parts[5].hasPrefix("api-destination/") else {
            return
                "Rampart delivers to API destinations and SNS topics (as email to its outbox) only; \(target.arn) cannot be a target."
        }
        return nil
    }

    static func target(_ target: EventBridge.Target) -> EventTarget {
        var stored = EventTarget(id: target.id, arn: target.arn)
        stored.roleArn = target.roleArn
        stored.input = target.input
        stored.inputPath = target.inputPath
        stored.inputPathsMap = target.inputTransformer?.inputPathsMap
        stored.inputTemplate = target.inputTransformer?.inputTemplate
        stored.maximumRetryAttempts = target.retryPolicy?.maximumRetryAttempts
        stored.maximumEventAgeInSeconds = target.retryPolicy?.maximumEventAgeInSeconds
        stored.deadLetterArn = target.deadLetterConfig?.arn
        stored.headerParameters = target.httpParameters?.headerParameters
        stored.queryStringParameters = target.httpParameters?.queryStringParameters
        return stored
    }

    public func removeTargets(
        _ input: EventBridge.RemoveTargetsRequest, _ call: CallContext
    ) async throws -> EventBridge.RemoveTargetsResponse {
        try Self.checkBus(input.eventBusName)
        let account = call.principal.account
        let ids = Set(input.ids)
        try await environment.store.write { transaction in
            var rule = try transaction.rule(account, input.rule)
            let before = rule.targets.count
            rule.targets.removeAll { ids.contains($0.id) }
            if rule.targets.count != before { transaction.put(rule) }
        }
        return EventBridge.RemoveTargetsResponse(failedEntryCount: 0, failedEntries: [])
    }

    public func listTargetsByRule(
        _ input: EventBridge.ListTargetsByRuleRequest, _ call: CallContext
    ) async throws -> EventBridge.ListTargetsByRuleResponse {
        try Self.checkBus(input.eventBusName)
        let rule = try storedRule(input.rule, call)
        let page = try Self.page(
            rule.targets.sorted { $0.id < $1.id }, limit: input.limit, token: input.nextToken, key: \.id)
        return EventBridge.ListTargetsByRuleResponse(
            targets: page.items.map(Self.wireTarget), nextToken: page.nextToken)
    }

    static func wireTarget(_ target: EventTarget) -> EventBridge.Target {
        EventBridge.Target(
            id: target.id, arn: target.arn, roleArn: target.roleArn, input: target.input, inputPath: target.inputPath,
            inputTransformer: target.inputTemplate.map {
                EventBridge.InputTransformer(inputPathsMap: target.inputPathsMap, inputTemplate: $0)
            },
            httpParameters: target.headerParameters == nil && target.queryStringParameters == nil
                ? nil
                : EventBridge.HttpParameters(
                    headerParameters: target.headerParameters, queryStringParameters: target.queryStringParameters),
            deadLetterConfig: target.deadLetterArn.map { EventBridge.DeadLetterConfig(arn: $0) },
            retryPolicy: target.maximumRetryAttempts == nil && target.maximumEventAgeInSeconds == nil
                ? nil
                : EventBridge.RetryPolicy(
                    maximumRetryAttempts: target.maximumRetryAttempts,
                    maximumEventAgeInSeconds: target.maximumEventAgeInSeconds))
    }
}
