/// Where AWS Config would deliver snapshots and history. Rampart keeps compliance in its own store
/// and delivers nothing: the channel is accepted and described so that setups written for AWS run.
public struct ConfigDeliveryChannel: Codable, Sendable, Equatable {
    public var account: AccountID
    public var name: String
    public var s3BucketName: String?
    public var s3KeyPrefix: String?
    public var s3KmsKeyArn: String?
    public var snsTopicARN: String?
    public var deliveryFrequency: String?

    public init(account: AccountID, name: String) {
        self.account = account
        self.name = name
    }
}
