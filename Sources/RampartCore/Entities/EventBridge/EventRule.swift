import Foundation

/// A rule on an account's default event bus: an event pattern and/or a schedule, its state, and
/// the targets that receive the events it matches (AWS keeps the targets with the rule: a rule
/// with targets cannot be deleted, and `ListTargetsByRule` reads them in the order they were put).
public struct EventRule: Codable, Sendable, Equatable {
    public var account: AccountID
    public var name: String
    /// The pattern as the caller wrote it: `DescribeRule` answers it byte for byte.
    public var eventPattern: String?
    public var scheduleExpression: String?
    /// `ENABLED`, `DISABLED`, or `ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS` (read-only calls too).
    public var state: String
    public var description: String?
    public var roleArn: String?
    public var tags: [Tag]
    public var targets: [EventTarget]
    /// The last time the rule's schedule fired: whichever instance records it first fires that time,
    /// so a fleet on one database fires each scheduled time once.
    public var lastScheduledAt: Date?
    /// Who put the rule (`CreatedBy`): the account.
    public var createdAt: Date

    public init(account: AccountID, name: String, createdAt: Date) {
        self.account = account
        self.name = name
        self.state = Self.enabled
        self.tags = []
        self.targets = []
        self.createdAt = createdAt
    }

    public static let enabled = "ENABLED"
    public static let disabled = "DISABLED"
    public static let enabledWithReadOnlyEvents = "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"

    /// Rules live on the default bus, the only bus Rampart has.
    public static let defaultBus = "default"

    public func arn(in partition: Partition, region: String) -> String {
        "arn:\(partition.rawValue):events:\(region):\(account.rawValue):rule/\(name)"
    }
}
