import Foundation

/// An account's outbound identity federation: the issuer its principals' web identity tokens name
/// (`GetWebIdentityToken`), whether tokens are handed out now, and the signing keys. The record
/// outlives `DisableOutboundWebIdentityFederation`: the issuer stays the account's (enabling again
/// gives the same URL), and its keys stay published so tokens issued before still verify.
public struct OutboundFederation: Codable, Sendable, Equatable {
    public var account: AccountID
    /// The issuer's path segment, random: the account id is not guessable from the issuer URL.
    public var issuerId: String
    public var enabled: Bool
    /// Current and recently retired keys, oldest first; every one of them is published.
    public var signingKeys: [OutboundSigningKey]

    public init(account: AccountID, issuerId: String) {
        self.account = account
        self.issuerId = issuerId
        self.enabled = true
        self.signingKeys = []
    }
}

/// One key Rampart signs outbound tokens with. The private key is stored sealed with the master key
/// (bound to the account and key id); the public half is kept as the JWK members it is published with.
public struct OutboundSigningKey: Codable, Sendable, Equatable {
    public var keyId: String
    /// `RS256` or `ES384`: a key signs with one algorithm only.
    public var algorithm: String
    public var sealedPrivateKey: [UInt8]
    /// `kty`, `n`, `e` (RSA) or `kty`, `crv`, `x`, `y` (EC).
    public var publicMembers: [String: String]
    public var createdAt: Date

    public init(
        keyId: String, algorithm: String, sealedPrivateKey: [UInt8], publicMembers: [String: String], createdAt: Date
    ) {
        self.keyId = keyId
        self.algorithm = algorithm
        self.sealedPrivateKey = sealedPrivateKey
        self.publicMembers = publicMembers
        self.createdAt = createdAt
    }

    public static func sealingContext(account: AccountID, keyId: String) -> String {
        "outbound-signing-key/\(account.rawValue)/\(keyId)"
    }
}
