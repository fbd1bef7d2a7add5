/// What the relying party stored at registration, as authentication needs it.
public struct StoredCredential: Sendable, Equatable {
    public let credentialId: [UInt8]
    public let publicKey: COSEKey
    /// The highest signature counter seen so far (0 for authenticators without one).
    public let signCount: UInt32
    /// BE as registered; every assertion must report the same.
    public let backupEligible: Bool
    /// The user handle (`user.id`) the credential was created for, when known; an assertion that carries another one
    /// is refused.
    public let userHandle: [UInt8]?

    public init(
        credentialId: [UInt8], publicKey: COSEKey, signCount: UInt32, backupEligible: Bool, userHandle: [UInt8]? = nil
    ) {
        self.credentialId = credentialId
        self.publicKey = publicKey
        self.signCount = signCount
        self.backupEligible = backupEligible
        self.userHandle = userHandle
    }

    /// From the stored COSE key bytes and the algorithm recorded beside them, which must agree.
    public init(
        credentialId: [UInt8], publicKey: [UInt8], algorithm: COSEAlgorithm, signCount: UInt32,
        backupEligible: Bool, userHandle: [UInt8]? = nil
    ) throws(WebAuthnError) {
        let key = try COSEKey(bytes: publicKey)
        guard key.algorithm == algorithm else {
            throw .algorithmMismatch(expected: algorithm.rawValue, received: key.algorithm.rawValue)
        }
        self.init(
            credentialId: credentialId, publicKey: key, signCount: signCount, backupEligible: backupEligible,
            userHandle: userHandle)
    }

    /// A credential just registered, for the user whose `user.id` is `userHandle`.
    public init(_ registered: RegisteredCredential, userHandle: [UInt8]? = nil) throws(WebAuthnError) {
        try self.init(
            credentialId: registered.credentialId, publicKey: registered.publicKey, algorithm: registered.algorithm,
            signCount: registered.signCount, backupEligible: registered.backupEligible, userHandle: userHandle)
    }
}
