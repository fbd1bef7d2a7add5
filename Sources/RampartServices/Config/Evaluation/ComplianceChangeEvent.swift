import Foundation
import RampartCore

/// A rule's verdict on a resource changed: written to the account's trail as an event of AWS
/// Config itself (`config.amazonaws.com`, `AwsServiceEvent`), with the facts EventBridge's
/// "Config Rules Compliance Change" carries (rule, resource, new and old compliance).
enum ComplianceChangeEvent {
    struct Change: Sendable, Equatable {
        var resourceType: String
        var resourceId: String
        /// Nil for a resource judged for the first time.
        var old: ConfigCompliance?
        var new: ConfigCompliance
    }

    static let source = "config.amazonaws.com"
    static let name = "ConfigRulesComplianceChange"

    static func record(
        rule: ConfigRule, change: Change, partition: Partition, organization: String?, at now: Date
    ) -> CloudTrailRecord {
        var record = CloudTrailRecord(
            identity: .members([("type", .string("AWSService")), ("invokedBy", .string(source))]), username: nil,
            accessKeyId: nil, time: now, eventSource: source, eventName: name, region: rule.region,
            sourceIp: source, userAgent: source, requestId: "", eventId: AWSRequestID.make(), readOnly: false,
            eventType: "AwsServiceEvent", recipientAccount: rule.account, organization: organization)
        record.additionalEventData = .members([
            ("configRuleName", .string(rule.name)),
            ("configRuleARN", .string(rule.arn(in: partition))),
            ("resourceType", .string(change.resourceType)),
            ("resourceId", .string(change.resourceId)),
            ("newComplianceType", .string(change.new.rawValue)),
            ("oldComplianceType", change.old.map { .string($0.rawValue) }),
        ])
        record.resources = [TrailResource(type: change.resourceType, name: change.resourceId)]
        return record
    }
}
