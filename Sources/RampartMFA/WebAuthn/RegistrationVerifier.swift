import Crypto

/// Verifies a registration ceremony's response (WebAuthn §7.1) for one relying party.
///
/// Supported: algorithms ES256, EdDSA (Ed25519) and RS256, narrowed by `acceptedAlgorithms`; attestation formats
/// "none" and "packed" (self, or x5c without trust-root validation). Anything else is refused with
/// `unsupportedAlgorithm` or `unsupportedAttestationFormat`. Checking that the challenge is single-use and that the
/// credential id is not registered yet is the caller's job.
public struct RegistrationVerifier: Sendable {
    public let relyingParty: RelyingParty
    /// The algorithms offered in `pubKeyCredParams`; a credential under any other is refused.
    public let acceptedAlgorithms: [COSEAlgorithm]

    public init(relyingParty: RelyingParty, acceptedAlgorithms: [COSEAlgorithm] = COSEAlgorithm.allCases) {
        self.relyingParty = relyingParty
        self.acceptedAlgorithms = acceptedAlgorithms
    }

    /// - Parameters:
    ///   - clientDataJSON: `response.clientDataJSON`, the bytes as sent.
    ///   - attestationObject: `response.attestationObject`, the bytes as sent.
    ///   - expectedChallenge: the challenge issued for this ceremony.
    ///   - userVerification: what this ceremony's options asked for; nil takes the relying party's.
    public func verify(
        clientDataJSON: [UInt8], attestationObject: [UInt8], expectedChallenge: [UInt8],
        userVerification: UserVerificationRequirement? = nil
    ) throws(WebAuthnError) -> RegisteredCredential {
        // §7.1 steps 5-10: the client data.
        let clientData = try CollectedClientData(json: clientDataJSON)
        try CeremonyChecks.clientData(
            clientData, type: "webauthn.create", expectedChallenge: expectedChallenge, relyingParty: relyingParty)
        // 11-12: hash the client data, decode the attestation object (and its authenticator data).
        let clientDataHash = Array(SHA256.hash(data: clientDataJSON))
        let object = try AttestationObject(bytes: attestationObject)
        let authenticatorData = object.authenticatorData
        // 13-16: rpIdHash, UP, UV; BE/BS consistency was checked in parsing.
        try CeremonyChecks.authenticatorData(
            authenticatorData, relyingParty: relyingParty,
            userVerification: userVerification ?? relyingParty.userVerification)
        guard let attested = authenticatorData.attestedCredentialData else { throw .missingAttestedCredentialData }
        // 19: the credential's algorithm is one that was offered.
        let key = try COSEKey(cbor: attested.publicKey, bytes: attested.publicKeyBytes)
        guard acceptedAlgorithms.contains(key.algorithm) else { throw .unsupportedAlgorithm(key.algorithm.rawValue) }
        // 21-22: the attestation statement, by format.
        let attestation: AttestationType
        switch object.format {
        case "none":
            guard object.statement.count == 0 else { throw .attestationInvalid("attStmt of format none is not empty") }
            attestation = .none
        case "packed":
            attestation = try PackedAttestation.verify(
                statement: object.statement, authenticatorData: authenticatorData, clientDataHash: clientDataHash,
                credentialKey: key, aaguid: attested.aaguid)
        default:
            throw .unsupportedAttestationFormat(object.format)
        }
        return RegisteredCredential(
            credentialId: attested.credentialId, publicKey: attested.publicKeyBytes, algorithm: key.algorithm,
            signCount: authenticatorData.signCount, aaguid: attested.aaguid,
            userVerified: authenticatorData.userVerified, backupEligible: authenticatorData.backupEligible,
            backedUp: authenticatorData.backedUp, attestation: attestation)
    }
}
