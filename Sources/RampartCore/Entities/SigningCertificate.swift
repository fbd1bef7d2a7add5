import Foundation

/// An X.509 signing certificate of an IAM user or of the root user (`userId` nil). Public
/// material, stored as uploaded; `der` is kept to find the same certificate uploaded twice.
public struct SigningCertificate: Codable, Sendable, Equatable {
    /// 32 upper-case letters and digits.
    public var id: String
    public var account: AccountID
    public var userId: String?
    public var body: String
    public var der: [UInt8]
    public var status: CredentialStatus
    public var uploadDate: Date

    public init(id: String, account: AccountID, userId: String?, body: String, der: [UInt8], uploadDate: Date) {
        self.id = id
        self.account = account
        self.userId = userId
        self.body = body
        self.der = der
        self.status = .active
        self.uploadDate = uploadDate
    }
}
