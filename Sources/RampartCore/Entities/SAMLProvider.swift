import Foundation

/// An IAM SAML 2.0 identity provider: the IdP's metadata document (already checked to be SAML
/// metadata with a signing certificate), and the private keys that decrypt its encrypted
/// assertions. The keys are stored sealed, bound to the provider and key id, and never returned.
public struct SAMLProvider: Codable, Sendable, Equatable {
    /// A private key uploaded for assertion decryption: only its id and upload time are ever shown.
    public struct PrivateKey: Codable, Sendable, Equatable {
        public var keyId: String
        public var timestamp: Date
        public var sealedKey: [UInt8]

        public init(keyId: String, timestamp: Date, sealedKey: [UInt8]) {
            self.keyId = keyId
            self.timestamp = timestamp
            self.sealedKey = sealedKey
        }
    }

    public enum AssertionEncryptionMode: String, Codable, Sendable {
        case required = "Required"
        case allowed = "Allowed"
    }

    public var account: AccountID
    public var name: String
    /// AWS's `SAMLProviderUUID`: upper-case letters and digits.
    public var uuid: String
    public var metadataDocument: String
    public var createDate: Date
    public var validUntil: Date
    public var assertionEncryptionMode: AssertionEncryptionMode
    public var privateKeys: [PrivateKey]
    public var tags: [Tag]

    public init(
        account: AccountID, name: String, uuid: String, metadataDocument: String, createDate: Date, validUntil: Date
    ) {
        self.account = account
        self.name = name
        self.uuid = uuid
        self.metadataDocument = metadataDocument
        self.createDate = createDate
        self.validUntil = validUntil
        self.assertionEncryptionMode = .allowed
        self.privateKeys = []
        self.tags = []
    }

    /// `arn:PARTITION:iam::ACCOUNT:saml-provider/NAME`, in the account's partition.
    public func arn(in partition: Partition) -> String {
        ARN.iam(partition, account: account.rawValue, "saml-provider/\(name)")
    }

    /// What seals a private key to this provider and key id: a sealed key moved elsewhere fails to open.
    public static func sealingContext(account: AccountID, name: String, keyId: String) -> String {
        "saml-private-key/\(account.rawValue)/\(name.lowercased())/\(keyId)"
    }
}
