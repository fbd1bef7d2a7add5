import Foundation

/// An account's configuration recorder (AWS Config). Rampart evaluates the account's IAM state
/// directly, so the recorder holds what was put and whether it is recording; a rule needs one to
/// exist, as on AWS.
public struct ConfigurationRecorder: Codable, Sendable, Equatable {
    public var account: AccountID
    public var region: String
    public var name: String
    public var roleARN: String?
    public var allSupported: Bool?
    public var includeGlobalResourceTypes: Bool?
    public var resourceTypes: [String]?
    public var recordingStrategy: String?
    public var excludedResourceTypes: [String]?
    public var recordingFrequency: String?
    public var recording: Bool
    public var lastStartTime: Date?
    public var lastStopTime: Date?
    public var lastStatusChangeTime: Date?
    public var tags: [Tag]

    public init(account: AccountID, region: String, name: String) {
        self.account = account
        self.region = region
        self.name = name
        self.recording = false
        self.tags = []
    }

    /// `arn:PARTITION:config:REGION:ACCOUNT:configuration-recorder/NAME/ID` is AWS's form for service-linked
    /// recorders; a customer managed one is named by its account and name alone.
    public func arn(in partition: Partition) -> String {
        "arn:\(partition.rawValue):config:\(region):\(account.rawValue):configuration-recorder/\(name)"
    }
}
