import Crypto

/// Verifies an authentication ceremony's response (WebAuthn §7.2) against a stored credential.
///
/// Looking the credential up, keeping the challenge single-use and storing the new sign count are the caller's job.
public struct AssertionVerifier: Sendable {
    public let relyingParty: RelyingParty

    public init(relyingParty: RelyingParty) {
        self.relyingParty = relyingParty
    }

    /// - Parameters:
    ///   - credentialId: the credential id the response names (`rawId`).
    ///   - clientDataJSON, authenticatorData, signature: the response's bytes as sent.
    ///   - userHandle: `response.userHandle`, when the client sent one.
    ///   - credential: the stored credential the caller looked up for `credentialId`.
    ///   - expectedChallenge: the challenge issued for this ceremony.
    ///   - userVerification: what this ceremony's options asked for; nil takes the relying party's.
    public func verify(
        credentialId: [UInt8], clientDataJSON: [UInt8], authenticatorData: [UInt8], signature: [UInt8],
        userHandle: [UInt8]?, credential: StoredCredential, expectedChallenge: [UInt8],
        userVerification: UserVerificationRequirement? = nil
    ) throws(WebAuthnError) -> AssertionResult {
        // §7.2 steps 5-6: the response is for this credential, and for its user.
        guard credentialId == credential.credentialId else { throw .credentialMismatch }
        if let userHandle, let registered = credential.userHandle, userHandle != registered {
            throw .userHandleMismatch
        }
        // 8-13: the client data.
        let clientData = try CollectedClientData(json: clientDataJSON)
        try CeremonyChecks.clientData(
            clientData, type: "webauthn.get", expectedChallenge: expectedChallenge, relyingParty: relyingParty)
        // 14-17: rpIdHash, UP, UV; BE/BS consistency was checked in parsing; BE as registered.
        let data = try AuthenticatorData(bytes: authenticatorData)
        try CeremonyChecks.authenticatorData(
            data, relyingParty: relyingParty, userVerification: userVerification ?? relyingParty.userVerification)
        guard data.backupEligible == credential.backupEligible else {
            throw .backupEligibilityChanged(registered: credential.backupEligible, received: data.backupEligible)
        }
        // 19-20: the signature over authenticatorData || SHA-256(clientDataJSON).
        let signedData = authenticatorData + Array(SHA256.hash(data: clientDataJSON))
        guard credential.publicKey.verify(signature: signature, data: signedData) else { throw .badSignature }
        // 21: a counter that does not increase (unless both are zero: no counter) may mean a cloned authenticator.
        if (data.signCount != 0 || credential.signCount != 0) && data.signCount <= credential.signCount {
            throw .counterRegression(stored: credential.signCount, received: data.signCount)
        }
        return AssertionResult(newSignCount: data.signCount, userVerified: data.userVerified, backedUp: data.backedUp)
    }
}
