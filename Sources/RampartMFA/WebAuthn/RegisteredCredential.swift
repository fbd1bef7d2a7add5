/// A credential that passed registration, with what the relying party must store to verify its assertions later.
public struct RegisteredCredential: Sendable, Equatable {
    public let credentialId: [UInt8]
    /// The credential public key's COSE encoding: store these bytes, and verify assertions with `COSEKey(bytes:)`.
    public let publicKey: [UInt8]
    public let algorithm: COSEAlgorithm
    public let signCount: UInt32
    /// The authenticator model's AAGUID, 16 bytes; unverified unless the attestation were traced to a trust root.
    public let aaguid: [UInt8]
    public let userVerified: Bool
    /// BE: fixed for the credential's life; assertions must report the same.
    public let backupEligible: Bool
    /// BS at registration: whether the credential is backed up (synced) now; it may change later.
    public let backedUp: Bool
    public let attestation: AttestationType

    public init(
        credentialId: [UInt8], publicKey: [UInt8], algorithm: COSEAlgorithm, signCount: UInt32, aaguid: [UInt8],
        userVerified: Bool, backupEligible: Bool, backedUp: Bool, attestation: AttestationType
    ) {
        self.credentialId = credentialId
        self.publicKey = publicKey
        self.algorithm = algorithm
        self.signCount = signCount
        self.aaguid = aaguid
        self.userVerified = userVerified
        self.backupEligible = backupEligible
        self.backedUp = backedUp
        self.attestation = attestation
    }
}
