import Foundation

/// A Config rule as put (`PutConfigRule`), with the facts `DescribeConfigRuleEvaluationStatus`
/// reports about its evaluations.
public struct ConfigRule: Codable, Sendable, Equatable {
    public struct SourceDetail: Codable, Sendable, Equatable {
        public var eventSource: String?
        public var messageType: String?
        public var maximumExecutionFrequency: String?

        public init(eventSource: String?, messageType: String?, maximumExecutionFrequency: String?) {
            self.eventSource = eventSource
            self.messageType = messageType
            self.maximumExecutionFrequency = maximumExecutionFrequency
        }
    }

    public struct Scope: Codable, Sendable, Equatable {
        public var resourceTypes: [String]?
        public var tagKey: String?
        public var tagValue: String?
        public var resourceId: String?

        public init(resourceTypes: [String]?, tagKey: String?, tagValue: String?, resourceId: String?) {
            self.resourceTypes = resourceTypes
            self.tagKey = tagKey
            self.tagValue = tagValue
            self.resourceId = resourceId
        }
    }

    public var account: AccountID
    public var region: String
    public var name: String
    /// `config-rule-` and six lower-case letters and digits, as AWS writes it.
    public var id: String
    public var description: String?
    public var scope: Scope?
    public var owner: String
    public var sourceIdentifier: String
    public var sourceDetails: [SourceDetail]?
    public var inputParameters: String?
    public var maximumExecutionFrequency: String?
    /// `ACTIVE`, or `DELETING` while the rule is being deleted (never observed here: deletion is one write).
    public var state: String
    public var createdBy: String?
    public var tags: [Tag]
    public var firstActivatedTime: Date
    public var lastSuccessfulInvocationTime: Date?
    public var lastSuccessfulEvaluationTime: Date?

    public init(
        account: AccountID, region: String, name: String, id: String, owner: String, sourceIdentifier: String,
        firstActivatedTime: Date
    ) {
        self.account = account
        self.region = region
        self.name = name
        self.id = id
        self.owner = owner
        self.sourceIdentifier = sourceIdentifier
        self.state = "ACTIVE"
        self.tags = []
        self.firstActivatedTime = firstActivatedTime
    }

    public func arn(in partition: Partition) -> String {
        "arn:\(partition.rawValue):config:\(region):\(account.rawValue):config-rule/\(id)"
    }
}
