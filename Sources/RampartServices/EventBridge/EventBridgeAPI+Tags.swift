import Foundation
import RampartCore
import RampartStore

extension EventBridgeAPI {
    /// Tags per resource (AWS's limit).
    static let tagLimit = 50

    public func tagResource(
        _ input: EventBridge.TagResourceRequest, _ call: CallContext
    ) async throws -> EventBridge.TagResourceResponse {
        let added = input.tags.map { Tag(key: $0.key, value: $0.value) }
        try await updateTags(of: input.resourceARN, call) { tags throws(AWSError) in
            for tag in added {
                tags.removeAll { $0.key == tag.key }
                tags.append(tag)
            }
            guard tags.count <= Self.tagLimit else {
                throw EventBridgeErrors.error(
                    "LimitExceededException", "The requested resource exceeds the maximum number allowed.")
            }
        }
        return EventBridge.TagResourceResponse()
    }

    public func untagResource(
        _ input: EventBridge.UntagResourceRequest, _ call: CallContext
    ) async throws -> EventBridge.UntagResourceResponse {
        let keys = Set(input.tagKeys)
        try await updateTags(of: input.resourceARN, call) { tags throws(AWSError) in
            tags.removeAll { keys.contains($0.key) }
        }
        return EventBridge.UntagResourceResponse()
    }

    public func listTagsForResource(
        _ input: EventBridge.ListTagsForResourceRequest, _ call: CallContext
    ) async throws -> EventBridge.ListTagsForResourceResponse {
        let name = try Self.ruleName(input.resourceARN)
        let rule = try storedRule(name, call)
        return EventBridge.ListTagsForResourceResponse(
            tags: rule.tags.sorted { $0.key < $1.key }.map { EventBridge.Tag(key: $0.key, value: $0.value) })
    }

    func updateTags(
        of arn: String, _ call: CallContext, _ change: @escaping @Sendable (inout [Tag]) throws(AWSError) -> Void
    ) async throws {
        let name = try Self.ruleName(arn)
        let account = call.principal.account
        try await environment.store.write { transaction in
            var rule = try transaction.rule(account, name)
            try change(&rule.tags)
            transaction.put(rule)
        }
    }

    /// Rules are the taggable resources Rampart has: `arn:…:events:<region>:<account>:rule/<name>`
    /// (the account must be the caller's; another account's rule is simply not found).
    static func ruleName(_ arn: String) throws(AWSError) -> String {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[2] == "events", parts[5].hasPrefix("rule/") else {
            throw EventBridgeErrors.validation("Parameter ResourceARN is not valid.")
        }
        return String(parts[5].dropFirst(5))
    }
}
