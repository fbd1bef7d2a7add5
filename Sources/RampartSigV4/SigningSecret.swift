import Crypto

/// The secret a request must have been signed with, as the verifier needs it: an identity that
/// changes whenever the secret does, and a way to reveal the secret itself.
///
/// The verifier reveals the secret only when `SigningKeyCache` has no key derived from it yet. A
/// long-term key's secret is stored encrypted, so its identity is the sealed form: most requests
/// then verify without decrypting anything (opening the sealed secret cost as much as the rest of
/// the signature check).
public struct SigningSecret: Sendable {
    /// Bytes that differ between any two secrets of one access key id: the sealed secret, or a
    /// hash of the plain one. Never the plain secret (it becomes part of a cache key).
    public let identity: [UInt8]
    let reveal: @Sendable () -> String?

    /// `reveal` returns nil when the secret cannot be recovered; the request is then refused as
    /// signed with an unknown key.
    public init(identity: [UInt8], reveal: @escaping @Sendable () -> String?) {
        self.identity = identity
        self.reveal = reveal
    }

    /// A secret held in the clear (a temporary credential's, from its session token).
    public init(plaintext secret: String) {
        identity = Array(SHA256.hash(data: Array(secret.utf8)))
        reveal = { secret }
    }
}
