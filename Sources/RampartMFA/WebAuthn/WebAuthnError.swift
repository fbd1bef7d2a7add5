/// Why a WebAuthn registration or assertion was refused, or why one of its parts could not be parsed.
///
/// Every failure of the WebAuthn verification core is one of these cases, so callers can map them to responses and
/// audit records without inspecting strings. `description` is meant for logs and operators, not for end users.
public enum WebAuthnError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A CBOR item is not well formed, or breaks one of the decoder's limits.
    case malformedCBOR(String)
    /// The attestation object is well-formed CBOR but not the map WebAuthn defines.
    case malformedAttestationObject(String)
    /// The authenticator data is too short, has trailing bytes, or its parts do not match its flags.
    case malformedAuthenticatorData(String)
    /// The client data is not the JSON object WebAuthn defines.
    case malformedClientData(String)
    /// The credential public key is not a COSE key of the shape its algorithm requires.
    case invalidPublicKey(String)
    /// `clientData.type` is not the ceremony's ("webauthn.create" or "webauthn.get").
    case wrongType(expected: String, received: String)
    /// `clientData.challenge` is not the challenge the relying party issued.
    case challengeMismatch
    /// `clientData.origin` is not one of the relying party's origins.
    case originMismatch(String)
    /// `clientData.crossOrigin` is true: the ceremony ran in a cross-origin iframe, which this server refuses.
    case crossOriginRefused
    /// `rpIdHash` in the authenticator data is not SHA-256 of the relying party id.
    case rpIdMismatch
    /// The user present (UP) flag is clear.
    case userNotPresent
    /// The relying party requires user verification and the user verified (UV) flag is clear.
    case userNotVerified
    /// A flag combination the specification forbids (backed up without being backup eligible).
    case invalidFlags(String)
    /// The backup eligible (BE) flag differs from the one recorded at registration.
    case backupEligibilityChanged(registered: Bool, received: Bool)
    /// Registration without attested credential data (AT flag clear).
    case missingAttestedCredentialData
    /// A COSE algorithm this relying party does not accept, identified by its COSE number.
    case unsupportedAlgorithm(Int)
    /// Two algorithms that must agree do not (attestation statement and credential key, or a stored credential's
    /// recorded algorithm and its key).
    case algorithmMismatch(expected: Int, received: Int)
    /// An attestation statement format this relying party does not verify.
    case unsupportedAttestationFormat(String)
    /// The attestation statement does not verify or its certificate breaks the format's requirements.
    case attestationInvalid(String)
    /// The assertion signature does not verify with the credential's public key.
    case badSignature
    /// The authenticator's signature counter did not increase: possibly a cloned authenticator.
    case counterRegression(stored: UInt32, received: UInt32)
    /// A credential id longer than the 1023 bytes the specification allows.
    case credentialIdTooLong(Int)
    /// The assertion names a credential other than the stored one it is verified against.
    case credentialMismatch
    /// The assertion's user handle is not the one the credential was registered for.
    case userHandleMismatch

    public var description: String {
        switch self {
        case .malformedCBOR(let reason): "malformed CBOR: \(reason)"
        case .malformedAttestationObject(let reason): "malformed attestation object: \(reason)"
        case .malformedAuthenticatorData(let reason): "malformed authenticator data: \(reason)"
        case .malformedClientData(let reason): "malformed client data: \(reason)"
        case .invalidPublicKey(let reason): "invalid credential public key: \(reason)"
        case .wrongType(let expected, let received):
            "client data type is \"\(received)\", expected \"\(expected)\""
        case .challengeMismatch: "client data challenge is not the challenge that was issued"
        case .originMismatch(let origin): "origin \"\(origin)\" is not an allowed origin of this relying party"
        case .crossOriginRefused: "cross-origin ceremonies (crossOrigin: true) are refused"
        case .rpIdMismatch: "rpIdHash is not the SHA-256 of this relying party's id"
        case .userNotPresent: "the user present flag is not set"
        case .userNotVerified: "user verification is required and the user verified flag is not set"
        case .invalidFlags(let reason): "invalid authenticator flags: \(reason)"
        case .backupEligibilityChanged(let registered, let received):
            "backup eligibility changed since registration (registered \(registered), now \(received))"
        case .missingAttestedCredentialData: "registration without attested credential data"
        case .unsupportedAlgorithm(let algorithm): "COSE algorithm \(algorithm) is not supported"
        case .algorithmMismatch(let expected, let received):
            "algorithm \(received) does not match the credential's algorithm \(expected)"
        case .unsupportedAttestationFormat(let format): "attestation format \"\(format)\" is not supported"
        case .attestationInvalid(let reason): "invalid attestation statement: \(reason)"
        case .badSignature: "the signature does not verify with the credential's public key"
        case .counterRegression(let stored, let received):
            "signature counter \(received) is not greater than the stored \(stored) (possibly a cloned authenticator)"
        case .credentialIdTooLong(let length): "credential id of \(length) bytes is longer than 1023"
        case .credentialMismatch: "the assertion is for a different credential"
        case .userHandleMismatch: "the user handle does not match the credential's user"
        }
    }
}
