import Foundation

/// A challenge handed to a browser for one WebAuthn ceremony. It is deleted in the same store write that
/// verifies the response, so a response can be accepted once, and it expires on its own.
public struct WebAuthnChallenge: Codable, Sendable, Equatable {
    public enum Purpose: String, Codable, Sendable {
        case registration, authentication
        /// Passkey-first sign-in: nobody is named yet; the passkey says who it belongs to.
        case discoverable
    }

    /// The challenge bytes, base64url (they are random, 32 bytes, and single use; nothing to hide).
    public var challenge: String
    public var purpose: Purpose
    public var account: AccountID
    /// Nil for the root user.
    public var userName: String?
    /// The sign-in flow or console session (id hash) the ceremony belongs to: a challenge issued to one
    /// browser cannot complete another's sign-in.
    public var bindingHash: String
    public var expiresAt: Date

    public init(
        challenge: String, purpose: Purpose, account: AccountID, userName: String?, bindingHash: String,
        expiresAt: Date
    ) {
        self.challenge = challenge
        self.purpose = purpose
        self.account = account
        self.userName = userName
        self.bindingHash = bindingHash
        self.expiresAt = expiresAt
    }
}
