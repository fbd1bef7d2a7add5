import Foundation

/// A credential an IAM user holds for one AWS service: a generated user name and password
/// (CodeCommit Git credentials, Amazon Keyspaces), or a long-term API key (Amazon Bedrock,
/// CloudWatch Logs) made of a public alias and a secret, optionally expiring. The password or
/// secret is stored sealed (bound to the account and credential id); only the create and reset
/// calls return it.
public struct ServiceSpecificCredential: Codable, Sendable, Equatable {
    public var id: String
    public var account: AccountID
    public var userId: String
    public var serviceName: String
    /// `USER-at-ACCOUNT` for password credentials; nil for API keys.
    public var serviceUserName: String?
    /// The public part of an API key; nil for password credentials.
    public var serviceCredentialAlias: String?
    public var sealedSecret: [UInt8]
    public var status: CredentialStatus
    public var createDate: Date
    public var expirationDate: Date?

    public init(
        id: String, account: AccountID, userId: String, serviceName: String, sealedSecret: [UInt8], createDate: Date
    ) {
        self.id = id
        self.account = account
        self.userId = userId
        self.serviceName = serviceName
        self.sealedSecret = sealedSecret
        self.status = .active
        self.createDate = createDate
    }

    /// `Expired` once the expiration date has passed, whatever the stored status.
    public func effectiveStatus(at now: Date) -> String {
        if let expirationDate, now >= expirationDate { return "Expired" }
        return status.rawValue
    }

    public static func sealingContext(account: AccountID, id: String) -> String {
        "service-credential/\(account.rawValue)/\(id)"
    }
}
