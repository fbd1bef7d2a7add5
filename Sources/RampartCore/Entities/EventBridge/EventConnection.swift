import Foundation

/// How EventBridge authorizes to an API destination's endpoint. The secret part (the API key's
/// value, the password, the OAuth client secret) is kept sealed with the master key, bound to the
/// connection's ARN, and is never answered nor recorded in the trail.
public struct EventConnection: Codable, Sendable, Equatable {
    public enum Authorization: String, Codable, Sendable {
        case apiKey = "API_KEY"
        case basic = "BASIC"
        case oauthClientCredentials = "OAUTH_CLIENT_CREDENTIALS"
    }

    public var account: AccountID
    public var name: String
    /// The random part of the ARN (`connection/<name>/<id>`).
    public var id: String
    public var description: String?
    public var authorization: Authorization
    /// The API key's header name, the basic user name, or the OAuth client id.
    public var publicPart: String
    public var sealedSecret: [UInt8]
    public var oauthEndpoint: String?
    public var oauthMethod: String?
    public var createdAt: Date
    public var lastModifiedAt: Date

    public init(
        account: AccountID, name: String, id: String, authorization: Authorization, publicPart: String,
        sealedSecret: [UInt8], createdAt: Date
    ) {
        self.account = account
        self.name = name
        self.id = id
        self.authorization = authorization
        self.publicPart = publicPart
        self.sealedSecret = sealedSecret
        self.createdAt = createdAt
        self.lastModifiedAt = createdAt
    }

    public func arn(in partition: Partition, region: String) -> String {
        "arn:\(partition.rawValue):events:\(region):\(account.rawValue):connection/\(name)/\(id)"
    }
}
