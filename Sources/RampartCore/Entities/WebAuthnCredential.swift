import Foundation

/// A passkey or security key registered as an MFA device: the public key and what the authenticator said
/// about itself at registration. It counts toward the limit of devices in use and is listed by
/// ListMFADevices under an ARN of AWS's form, `arn:PARTITION:iam::ACCOUNT:u2f/user/NAME/LABEL` (`u2f/root/LABEL`
/// for the root user).
public struct WebAuthnCredential: Codable, Sendable, Equatable {
    public var account: AccountID
    /// Nil for the root user.
    public var userName: String?
    public var label: String
    /// The credential id, base64url: registered once on the whole server.
    public var credentialId: String
    /// The COSE_Key bytes.
    public var publicKey: [UInt8]
    public var algorithm: Int
    public var signCount: UInt32
    public var backupEligible: Bool
    public var backedUp: Bool
    public var userVerified: Bool
    /// "none", "packed-self" or "packed-x5c".
    public var attestation: String
    public var aaguid: [UInt8]
    public var createDate: Date
    public var lastUsedDate: Date?
    /// The owner's own name for the key, shown in the console; the label in its ARN never changes.
    public var nickname: String?

    public init(
        account: AccountID, userName: String?, label: String, credentialId: String, publicKey: [UInt8], algorithm: Int,
        signCount: UInt32, backupEligible: Bool, backedUp: Bool, userVerified: Bool, attestation: String,
        aaguid: [UInt8], createDate: Date
    ) {
        self.account = account
        self.userName = userName
        self.label = label
        self.credentialId = credentialId
        self.publicKey = publicKey
        self.algorithm = algorithm
        self.signCount = signCount
        self.backupEligible = backupEligible
        self.backedUp = backedUp
        self.userVerified = userVerified
        self.attestation = attestation
        self.aaguid = aaguid
        self.createDate = createDate
    }

    /// The ARN ListMFADevices names it by, in the account's partition.
    public func serialNumber(in partition: Partition) -> String {
        let owner = userName.map { "user/\($0)" } ?? "root"
        return ARN.iam(partition, account: account.rawValue, "u2f/\(owner)/\(label)")
    }

    public func isOwned(by owner: String?) -> Bool {
        switch (userName, owner) {
        case (nil, nil): true
        case (let mine?, let theirs?): mine.lowercased() == theirs.lowercased()
        default: false
        }
    }
}
