import Foundation

/// An SSH public key an IAM user uploaded for CodeCommit. Public material, stored in clear.
/// The key belongs to the user's unique id, not its name, so a renamed user keeps its keys and a
/// new user of the same name does not inherit them.
public struct SSHPublicKey: Codable, Sendable, Equatable {
    /// Which encoding the user uploaded; `GetSSHPublicKey` returns that text unchanged when asked
    /// for the same encoding, and a conversion for the other.
    public enum Encoding: String, Codable, Sendable { case ssh = "SSH", pem = "PEM" }

    /// `APKA` and 16 upper-case letters or digits.
    public var id: String
    public var account: AccountID
    public var userId: String
    /// The body as uploaded.
    public var body: String
    public var encoding: Encoding
    /// The key in the other encoding, computed once at upload.
    public var converted: String
    /// MD5 of the key's SSH wire blob, colon-separated hex (`ssh-keygen -l -E md5`).
    public var fingerprint: String
    public var status: CredentialStatus
    public var uploadDate: Date

    public init(
        id: String, account: AccountID, userId: String, body: String, encoding: Encoding, converted: String,
        fingerprint: String, uploadDate: Date
    ) {
        self.id = id
        self.account = account
        self.userId = userId
        self.body = body
        self.encoding = encoding
        self.converted = converted
        self.fingerprint = fingerprint
        self.status = .active
        self.uploadDate = uploadDate
    }

    /// The key's text in `encoding`.
    public func text(in wanted: Encoding) -> String { wanted == encoding ? body : converted }
}

/// Active or Inactive: what an owner may set on SSH keys, signing certificates and
/// service-specific credentials (`Expired` is the model's third value, which only time sets).
public enum CredentialStatus: String, Codable, Sendable {
    case active = "Active", inactive = "Inactive"
}
