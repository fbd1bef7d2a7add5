import Foundation
import RampartCore

/// One of AWS's managed rules (`Source.Owner` `AWS`): its identifier, how AWS triggers it, the
/// resource types it reports on, its parameters, and its judgement as a pure function.
public struct ManagedRule: Sendable {
    public enum Trigger: Sendable, Equatable {
        /// Runs every `MaximumExecutionFrequency` (24 hours unless the rule says otherwise).
        case periodic
        /// Runs when a resource in scope changes.
        case configurationChange
    }

    public typealias Judge =
        @Sendable (_ facts: IdentityFacts, _ parameters: RuleParameters, _ now: Date) -> [ResourceVerdict]

    public let identifier: String
    public let trigger: Trigger
    public let resourceTypes: [String]
    public let parameters: [RuleParameter]
    public let judge: Judge

    public init(
        _ identifier: String, trigger: Trigger, resourceTypes: [String], parameters: [RuleParameter] = [],
        judge: @escaping Judge
    ) {
        self.identifier = identifier
        self.trigger = trigger
        self.resourceTypes = resourceTypes
        self.parameters = parameters
        self.judge = judge
    }
}

/// A rule's verdict on one resource.
public struct ResourceVerdict: Sendable, Equatable {
    public var resourceType: String
    public var resourceId: String
    public var compliance: ConfigCompliance
    public var annotation: String?

    public init(
        _ resourceType: String, _ resourceId: String, _ compliance: ConfigCompliance, _ annotation: String? = nil
    ) {
        self.resourceType = resourceType
        self.resourceId = resourceId
        self.compliance = compliance
        self.annotation = annotation
    }

    static func account(_ facts: IdentityFacts, _ compliance: ConfigCompliance, _ annotation: String? = nil)
        -> ResourceVerdict
    {
        ResourceVerdict(ConfigResourceType.account, facts.account.rawValue, compliance, annotation)
    }

    static func user(_ user: IdentityFacts.UserFacts, _ compliant: Bool, _ annotation: String? = nil)
        -> ResourceVerdict
    {
        ResourceVerdict(
            ConfigResourceType.user, user.id, compliant ? .compliant : .nonCompliant, compliant ? nil : annotation)
    }
}

/// The resource types the identity rules report on, as Config names them.
public enum ConfigResourceType {
    public static let account = "AWS::::Account"
    public static let user = "AWS::IAM::User"
    public static let group = "AWS::IAM::Group"
    public static let role = "AWS::IAM::Role"
    public static let policy = "AWS::IAM::Policy"
}
