import RampartCore

// Credentials a user holds besides passwords and access keys, and the account's server
// certificates. Credentials are keyed by their id (unique across accounts, as AWS issues them);
// server certificates by name, which is unique in the account regardless of case.

extension SSHPublicKey: Record {
    public static let kind = RecordKind("ssh-public-key")
    public var recordKey: String { id }
    public var recordAccount: String { account.rawValue }
}

extension SigningCertificate: Record {
    public static let kind = RecordKind("signing-certificate")
    public var recordKey: String { id }
    public var recordAccount: String { account.rawValue }
}

extension ServerCertificate: Record {
    public static let kind = RecordKind("server-certificate")
    public static func key(_ account: AccountID, _ name: String) -> String {
        "\(account.rawValue)/\(name.lowercased())"
    }
    public var recordKey: String { Self.key(account, name) }
    public var recordAccount: String { account.rawValue }
}

extension ServiceSpecificCredential: Record {
    public static let kind = RecordKind("service-specific-credential")
    public var recordKey: String { id }
    public var recordAccount: String { account.rawValue }
}

extension RecordTypes {
    /// The record types of this file, loaded with the others (`RecordTypes.all`).
    static let credentials: [any Record.Type] = [
        SSHPublicKey.self, SigningCertificate.self, ServerCertificate.self, ServiceSpecificCredential.self,
    ]
}
