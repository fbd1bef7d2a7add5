import Foundation

/// A SAML assertion that AssumeRoleWithSAML has redeemed, kept until the assertion itself expires so
/// that the same assertion cannot be redeemed twice, on this instance or any other sharing the store.
public struct SAMLAssertionUse: Codable, Sendable, Equatable {
    public var account: AccountID
    /// The provider's name, lower-cased as its record key is.
    public var provider: String
    /// SHA-256 (hex) of the assertion's ID: IDs are the IdP's choice of length and characters.
    public var assertionHash: String
    /// The latest NotOnOrAfter of the assertion: after it the assertion is refused as expired anyway.
    public var expiresAt: Date

    public init(account: AccountID, provider: String, assertionHash: String, expiresAt: Date) {
        self.account = account
        self.provider = provider.lowercased()
        self.assertionHash = assertionHash
        self.expiresAt = expiresAt
    }
}
