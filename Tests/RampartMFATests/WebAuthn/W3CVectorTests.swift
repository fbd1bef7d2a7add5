import Crypto
import Testing

@testable import RampartMFA

/// The W3C WebAuthn Level 3 test vectors: the supported ones register and then authenticate; the rest are refused
/// with the error that names why.
@Suite struct W3CVectorTests {
    typealias Vector = WebAuthnFixtures.W3CVector

    /// Vectors in formats and algorithms this relying party verifies, with the attestation each must yield.
    static let supported: [String: String] = [
        "sctn-test-vectors-none-es256": "none",
        "sctn-test-vectors-packed-self-es256": "packed-self",
        "sctn-test-vectors-none-es256-long-credential-id": "none",
        "sctn-test-vectors-packed-es256": "packed-x5c",
        "sctn-test-vectors-packed-rs256": "packed-x5c",
        "sctn-test-vectors-packed-eddsa": "packed-x5c",
    ]

    /// Vectors whose registration is refused, and why.
    static let refused: [String: WebAuthnError] = [
        "sctn-test-vectors-none-es256-crossOrigin": .crossOriginRefused,
        "sctn-test-vectors-none-es256-topOrigin": .crossOriginRefused,
        "sctn-test-vectors-packed-es384": .unsupportedAlgorithm(-35),
        "sctn-test-vectors-packed-es512": .unsupportedAlgorithm(-36),
        "sctn-test-vectors-packed-ed448": .unsupportedAlgorithm(-53),
        "sctn-test-vectors-tpm-es256": .unsupportedAttestationFormat("tpm"),
        "sctn-test-vectors-android-key-es256": .unsupportedAttestationFormat("android-key"),
        "sctn-test-vectors-apple-es256": .unsupportedAttestationFormat("apple"),
        "sctn-test-vectors-fido-u2f-es256": .unsupportedAttestationFormat("fido-u2f"),
    ]

    @Test func everyVectorIsClassified() {
        let anchors = Set(WebAuthnFixtures.w3c.map(\.anchor))
        #expect(anchors.count == 15)
        #expect(anchors == Set(Self.supported.keys).union(Self.refused.keys))
        #expect(WebAuthnFixtures.w3c.allSatisfy { $0.authentication != nil })
    }

    @Test(arguments: WebAuthnFixtures.w3c.filter { supported[$0.anchor] != nil })
    func supportedVectorRegistersAndAuthenticates(vector: Vector) throws {
        let registration = vector.registration!
        let registered = try WebAuthnFixtures.register(vector)
        #expect(registered.attestation.name == Self.supported[vector.anchor])
        #expect(!registered.attestation.isTrustVerified)
        #expect(registered.credentialId == WebAuthnFixtures.hex(registration.credential_id))
        #expect(registered.aaguid == WebAuthnFixtures.hex(registration.aaguid))
        if case .packedX5C(let certificates) = registered.attestation {
            #expect(certificates.count == 1)
        }

        let result = try WebAuthnFixtures.authenticate(vector, credential: StoredCredential(registered))
        #expect(result.newSignCount == 0)
        let authenticatorData = try AuthenticatorData(
            bytes: WebAuthnFixtures.hex(vector.authentication!.authenticatorData))
        #expect(result.userVerified == authenticatorData.userVerified)
        #expect(result.backedUp == authenticatorData.backedUp)
    }

    @Test func longCredentialIdIsTheMaximum() throws {
        let registered = try WebAuthnFixtures.register(
            WebAuthnFixtures.w3cVector("sctn-test-vectors-none-es256-long-credential-id"))
        #expect(registered.credentialId.count == 1023)
    }

    @Test func algorithmsOfTheSupportedVectors() throws {
        let algorithms = try ["none-es256", "packed-rs256", "packed-eddsa"].map { anchor throws(WebAuthnError) in
            try WebAuthnFixtures.register(WebAuthnFixtures.w3cVector("sctn-test-vectors-" + anchor)).algorithm
        }
        #expect(algorithms == [.es256, .rs256, .eddsa])
    }

    @Test(arguments: WebAuthnFixtures.w3c.filter { refused[$0.anchor] != nil })
    func refusedVectorRegistration(vector: Vector) {
        let error = webAuthnError { () throws(WebAuthnError) in try WebAuthnFixtures.register(vector) }
        #expect(error == Self.refused[vector.anchor])
    }

    /// The credential key the vector's authenticator data carries, decoded without the registration checks.
    static func credentialKey(_ vector: Vector) throws(WebAuthnError) -> COSEKey {
        let object = try AttestationObject(bytes: WebAuthnFixtures.hex(vector.registration!.attestationObject))
        let attested = object.authenticatorData.attestedCredentialData!
        return try COSEKey(cbor: attested.publicKey, bytes: attested.publicKeyBytes)
    }

    /// The cross-origin vectors are refused for their cross-origin context alone: their signatures are good.
    @Test(arguments: ["sctn-test-vectors-none-es256-crossOrigin", "sctn-test-vectors-none-es256-topOrigin"])
    func crossOriginAssertionIsRefusedThoughItsSignatureVerifies(anchor: String) throws {
        let vector = WebAuthnFixtures.w3cVector(anchor)
        let key = try Self.credentialKey(vector)
        let authentication = vector.authentication!
        let clientDataHash = Array(SHA256.hash(data: WebAuthnFixtures.hex(authentication.clientDataJSON)))
        #expect(
            key.verify(
                signature: WebAuthnFixtures.hex(authentication.signature),
                data: WebAuthnFixtures.hex(authentication.authenticatorData) + clientDataHash))
        let stored = StoredCredential(
            credentialId: WebAuthnFixtures.hex(vector.registration!.credential_id), publicKey: key, signCount: 0,
            backupEligible: false)
        let error = webAuthnError { () throws(WebAuthnError) in
            try WebAuthnFixtures.authenticate(vector, credential: stored)
        }
        #expect(error == .crossOriginRefused)
    }

    /// The unsupported algorithms' keys cannot even be stored: parsing them is refused cleanly.
    @Test(arguments: [
        ("sctn-test-vectors-packed-es384", -35), ("sctn-test-vectors-packed-es512", -36),
        ("sctn-test-vectors-packed-ed448", -53),
    ])
    func unsupportedAlgorithmKeyIsRefused(anchor: String, algorithm: Int) {
        let error = webAuthnError { () throws(WebAuthnError) in
            try Self.credentialKey(WebAuthnFixtures.w3cVector(anchor))
        }
        #expect(error == .unsupportedAlgorithm(algorithm))
    }

    /// The attestation formats refused are refused for the format alone: their ES256 credentials' assertions verify.
    @Test(arguments: [
        "sctn-test-vectors-tpm-es256", "sctn-test-vectors-android-key-es256", "sctn-test-vectors-apple-es256",
        "sctn-test-vectors-fido-u2f-es256",
    ])
    func unsupportedFormatCredentialWouldAuthenticate(anchor: String) throws {
        let vector = WebAuthnFixtures.w3cVector(anchor)
        let object = try AttestationObject(bytes: WebAuthnFixtures.hex(vector.registration!.attestationObject))
        let stored = StoredCredential(
            credentialId: WebAuthnFixtures.hex(vector.registration!.credential_id),
            publicKey: try Self.credentialKey(vector), signCount: 0,
            backupEligible: object.authenticatorData.backupEligible)
        #expect(try WebAuthnFixtures.authenticate(vector, credential: stored).newSignCount == 0)
    }

    /// A relying party offering only ES256 refuses the RS256 and EdDSA vectors.
    @Test(arguments: ["sctn-test-vectors-packed-rs256", "sctn-test-vectors-packed-eddsa"])
    func algorithmNotOffered(anchor: String) {
        let vector = WebAuthnFixtures.w3cVector(anchor)
        let verifier = RegistrationVerifier(relyingParty: WebAuthnFixtures.exampleParty, acceptedAlgorithms: [.es256])
        let error = webAuthnError { () throws(WebAuthnError) in
            try verifier.verify(
                clientDataJSON: WebAuthnFixtures.hex(vector.registration!.clientDataJSON),
                attestationObject: WebAuthnFixtures.hex(vector.registration!.attestationObject),
                expectedChallenge: WebAuthnFixtures.hex(vector.registration!.challenge))
        }
        #expect(error == .unsupportedAlgorithm(anchor.hasSuffix("rs256") ? -257 : -8))
    }
}
