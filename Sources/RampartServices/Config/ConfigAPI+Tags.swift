import Foundation
import RampartCore
import RampartStore

extension ConfigAPI {
    /// Tags per resource (AWS's limit for Config resources).
    static let tagLimit = 50

    public func tagResource(_ input: Config.TagResourceRequest, _ call: CallContext) async throws {
        let account = call.principal.account
        let arn = input.resourceArn
        let added = Self.tags(input.tags)
        let partition = partition(of: account)
        try await environment.store.write { transaction in
            try Self.updateTags(of: arn, account: account, partition: partition, in: &transaction) {
                tags throws(AWSError) in
                for tag in added {
                    tags.removeAll { $0.key == tag.key }
                    tags.append(tag)
                }
                guard tags.count <= Self.tagLimit else {
                    throw ConfigErrors.error(
                        "TooManyTagsException", "Number of tags exceeds the limit of \(Self.tagLimit).")
                }
            }
        }
    }

    public func untagResource(_ input: Config.UntagResourceRequest, _ call: CallContext) async throws {
        let account = call.principal.account
        let keys = Set(input.tagKeys)
        let partition = partition(of: account)
        try await environment.store.write { transaction in
            try Self.updateTags(of: input.resourceArn, account: account, partition: partition, in: &transaction) {
                tags throws(AWSError) in tags.removeAll { keys.contains($0.key) }
            }
        }
    }

    public func listTagsForResource(
        _ input: Config.ListTagsForResourceRequest, _ call: CallContext
    ) async throws -> Config.ListTagsForResourceResponse {
        let account = call.principal.account
        let tags = try Self.tags(
            of: input.resourceArn, account: account, partition: partition(of: account),
            in: environment.store.snapshot())
        let page = try ConfigPage(
            tags.sorted { $0.key < $1.key }, limit: input.limit, defaultLimit: Self.tagLimit, token: input.nextToken,
            key: \.key)
        return Config.ListTagsForResourceResponse(
            tags: page.items.map { Config.Tag(key: $0.key, value: $0.value) }, nextToken: page.nextToken)
    }

    /// The tags of the rule or recorder an ARN names in the caller's account.
    static func tags(
        of arn: String, account: AccountID, partition: Partition, in reader: StoreSnapshot
    ) throws(AWSError) -> [Tag] {
        if let rule = reader.all(ConfigRule.self, account: account.rawValue).first(where: {
            $0.arn(in: partition) == arn
        }) {
            return rule.tags
        }
        if let recorder = reader.all(ConfigurationRecorder.self, account: account.rawValue).first(where: {
            $0.arn(in: partition) == arn
        }) {
            return recorder.tags
        }
        throw ConfigErrors.resourceNotFound(arn)
    }

    static func updateTags(
        of arn: String, account: AccountID, partition: Partition, in transaction: inout StoreTransaction,
        _ change: (inout [Tag]) throws(AWSError) -> Void
    ) throws(AWSError) {
        if var rule = transaction.all(ConfigRule.self, account: account.rawValue).first(where: {
            $0.arn(in: partition) == arn
        }) {
            try change(&rule.tags)
            transaction.put(rule)
            return
        }
        if var recorder = transaction.all(ConfigurationRecorder.self, account: account.rawValue).first(where: {
            $0.arn(in: partition) == arn
        }) {
            try change(&recorder.tags)
            transaction.put(recorder)
            return
        }
        throw ConfigErrors.resourceNotFound(arn)
    }
}
