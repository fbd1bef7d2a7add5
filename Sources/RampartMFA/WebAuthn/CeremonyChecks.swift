import RampartCore

/// The steps registration (§7.1) and authentication (§7.2) share, in the order both take them.
enum CeremonyChecks {
    /// Type, challenge, origin and cross-origin context of the client data.
    static func clientData(
        _ clientData: CollectedClientData, type: String, expectedChallenge: [UInt8], relyingParty: RelyingParty
    ) throws(WebAuthnError) {
        guard clientData.type == type else { throw .wrongType(expected: type, received: clientData.type) }
        guard ConstantTime.equal(clientData.challenge, expectedChallenge) else { throw .challengeMismatch }
        guard relyingParty.origins.contains(clientData.origin) else { throw .originMismatch(clientData.origin) }
        // A strict relying party: no ceremonies inside another site's iframe. A topOrigin without crossOrigin is a
        // malformed cross-origin report and is refused the same way.
        guard !clientData.crossOrigin, clientData.topOrigin == nil else { throw .crossOriginRefused }
    }

    /// RP id hash, user presence and (when required) user verification of the authenticator data.
    static func authenticatorData(
        _ authenticatorData: AuthenticatorData, relyingParty: RelyingParty,
        userVerification: UserVerificationRequirement
    ) throws(WebAuthnError) {
        guard ConstantTime.equal(authenticatorData.rpIdHash, relyingParty.idHash) else { throw .rpIdMismatch }
        guard authenticatorData.userPresent else { throw .userNotPresent }
        if userVerification == .required && !authenticatorData.userVerified {
            throw .userNotVerified
        }
        // BS without BE is refused when the authenticator data is parsed.
    }

}
