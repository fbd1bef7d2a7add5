import RampartCore

// Instance profiles are keyed like the other named IAM entities (account and lower-cased name);
// identity providers by what their ARN names (the OIDC URL without its scheme, the SAML name),
// lower-cased, so the ARN a client holds finds the record.

extension InstanceProfile: Record {
    public static let kind = RecordKind("instance-profile")
    public static func key(_ account: AccountID, _ name: String) -> String {
        "\(account.rawValue)/\(name.lowercased())"
    }
    public var recordKey: String { Self.key(account, name) }
    public var recordAccount: String { account.rawValue }
}

extension OpenIDConnectProvider: Record {
    public static let kind = RecordKind("oidc-provider")
    public static func key(_ account: AccountID, resourceName: String) -> String {
        "\(account.rawValue)/\(resourceName.lowercased())"
    }
    public var recordKey: String { Self.key(account, resourceName: resourceName) }
    public var recordAccount: String { account.rawValue }
}

extension SAMLProvider: Record {
    public static let kind = RecordKind("saml-provider")
    public static func key(_ account: AccountID, _ name: String) -> String {
        "\(account.rawValue)/\(name.lowercased())"
    }
    public var recordKey: String { Self.key(account, name) }
    public var recordAccount: String { account.rawValue }
}

extension SAMLAssertionUse: Record {
    public static let kind = RecordKind("saml-assertion-use")
    public static func key(_ account: AccountID, provider: String, assertionHash: String) -> String {
        "\(account.rawValue)/\(provider.lowercased())/\(assertionHash)"
    }
    public var recordKey: String { Self.key(account, provider: provider, assertionHash: assertionHash) }
    public var recordAccount: String { account.rawValue }
}
