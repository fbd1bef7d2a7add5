import Foundation

/// The latest verdicts of one rule, one per resource it judged. Replaced whole by each evaluation:
/// a resource that no longer exists has no verdict, as on AWS once the deletion is recorded.
public struct ConfigRuleResults: Codable, Sendable, Equatable {
    public struct Result: Codable, Sendable, Equatable {
        public var resourceType: String
        public var resourceId: String
        public var compliance: ConfigCompliance
        public var annotation: String?
        /// When this verdict was first reached: a re-evaluation that agrees keeps it.
        public var recordedTime: Date
        /// When the rule last ran over the resource.
        public var invokedTime: Date

        public init(
            resourceType: String, resourceId: String, compliance: ConfigCompliance, annotation: String?,
            recordedTime: Date, invokedTime: Date
        ) {
            self.resourceType = resourceType
            self.resourceId = resourceId
            self.compliance = compliance
            self.annotation = annotation
            self.recordedTime = recordedTime
            self.invokedTime = invokedTime
        }
    }

    public var account: AccountID
    public var ruleName: String
    public var results: [Result]

    public init(account: AccountID, ruleName: String, results: [Result]) {
        self.account = account
        self.ruleName = ruleName
        self.results = results
    }

    public static func key(_ account: AccountID, _ ruleName: String) -> String {
        "\(account.rawValue)/\(ruleName)"
    }
}
