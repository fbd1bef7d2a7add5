/// Where a rule sends the events it matches, and how: the input (the whole event, a part of it
/// through `InputPath`, a constant `Input`, or an `InputTransformer`), the retry policy, and the
/// dead-letter queue named for what could not be delivered.
public struct EventTarget: Codable, Sendable, Equatable {
    public var id: String
    public var arn: String
    public var roleArn: String?
    public var input: String?
    public var inputPath: String?
    public var inputPathsMap: [String: String]?
    public var inputTemplate: String?
    /// Attempts after the first (AWS's default: 185).
    public var maximumRetryAttempts: Int?
    /// How long an event may wait for delivery (AWS's default: 24 hours).
    public var maximumEventAgeInSeconds: Int?
    public var deadLetterArn: String?
    public var headerParameters: [String: String]?
    public var queryStringParameters: [String: String]?

    public init(id: String, arn: String) {
        self.id = id
        self.arn = arn
    }

    public static let defaultRetryAttempts = 185
    public static let defaultEventAgeSeconds = 86_400
}
