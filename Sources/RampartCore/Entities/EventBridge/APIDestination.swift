import Foundation

/// An HTTP endpoint that rules' targets send events to, through a connection's authorization, at
/// most `invocationRateLimitPerSecond` requests a second.
public struct APIDestination: Codable, Sendable, Equatable {
    public var account: AccountID
    public var name: String
    public var id: String
    public var description: String?
    public var connectionName: String
    public var connectionArn: String
    public var invocationEndpoint: String
    public var httpMethod: String
    public var invocationRateLimitPerSecond: Int
    public var createdAt: Date
    public var lastModifiedAt: Date

    public init(
        account: AccountID, name: String, id: String, connectionName: String, connectionArn: String,
        invocationEndpoint: String, httpMethod: String, invocationRateLimitPerSecond: Int, createdAt: Date
    ) {
        self.account = account
        self.name = name
        self.id = id
        self.connectionName = connectionName
        self.connectionArn = connectionArn
        self.invocationEndpoint = invocationEndpoint
        self.httpMethod = httpMethod
        self.invocationRateLimitPerSecond = invocationRateLimitPerSecond
        self.createdAt = createdAt
        self.lastModifiedAt = createdAt
    }

    /// AWS's default when the rate is not given.
    public static let defaultRateLimit = 300

    public func arn(in partition: Partition, region: String) -> String {
        "arn:\(partition.rawValue):events:\(region):\(account.rawValue):api-destination/\(name)/\(id)"
    }
}
