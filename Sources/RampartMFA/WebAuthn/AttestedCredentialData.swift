/// The credential an authenticator created, as registration's authenticator data carries it (WebAuthn §6.5.2).
public struct AttestedCredentialData: Sendable, Equatable {
    /// The specification's limit on credential id length.
    public static let maximumCredentialIdLength = 1023

    /// The authenticator model's AAGUID, 16 bytes (all zero when the authenticator does not tell).
    public let aaguid: [UInt8]
    public let credentialId: [UInt8]
    /// The credential public key: its COSE encoding exactly as sent, and that decoded. It is not checked against the
    /// supported algorithms here; the registration verifier does that in the specification's order.
    public let publicKeyBytes: [UInt8]
    public let publicKey: CBOR

    public init(aaguid: [UInt8], credentialId: [UInt8], publicKeyBytes: [UInt8], publicKey: CBOR) {
        self.aaguid = aaguid
        self.credentialId = credentialId
        self.publicKeyBytes = publicKeyBytes
        self.publicKey = publicKey
    }
}
