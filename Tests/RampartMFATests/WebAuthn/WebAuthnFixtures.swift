import Foundation
import RampartMFA
import Testing

/// The WebAuthn conformance data in `Fixtures/webauthn/` (copied from the project's shared conformance folder; its
/// README says where each file comes from).
enum WebAuthnFixtures {
    static let directory = Fixtures.directory.appendingPathComponent("webauthn")

    /// One case of `localhost_fixtures.json`: a registration or authentication response for RP id "localhost".
    struct LocalhostCase: Decodable, Sendable, CustomTestStringConvertible {
        struct Credential: Decodable, Sendable {
            struct Response: Decodable, Sendable {
                let clientDataJSON: String
                let attestationObject: String?
                let authenticatorData: String?
                let signature: String?
                let userHandle: String?
            }

            let id: String
            let rawId: String
            let response: Response
        }

        let name: String
        let ceremony: String
        let rpId: String
        let origin: String
        let challenge: String
        let requireUV: Bool
        let expect: String
        let note: String
        let storedSignCount: UInt32?
        let credentialPublicKey: String?
        let credential: Credential

        var testDescription: String { name }
    }

    /// One section of `w3c_vectors.json`, the W3C WebAuthn Level 3 test vectors (RP id "example.org"); all binary
    /// values are hex.
    struct W3CVector: Decodable, Sendable, CustomTestStringConvertible {
        struct Registration: Decodable, Sendable {
            let challenge: String
            let credential_id: String
            let aaguid: String
            let clientDataJSON: String
            let attestationObject: String
        }

        struct Authentication: Decodable, Sendable {
            let challenge: String
            let authenticatorData: String
            let clientDataJSON: String
            let signature: String
        }

        let title: String
        let anchor: String
        let registration: Registration?
        let authentication: Authentication?

        var testDescription: String { anchor }
    }

    static let localhost: [LocalhostCase] = load("localhost_fixtures.json")
    static let w3c: [W3CVector] = (load("w3c_vectors.json") as [W3CVector]).filter { $0.registration != nil }

    static func localhostCase(_ name: String) -> LocalhostCase {
        guard let found = localhost.first(where: { $0.name == name }) else { fatalError("no fixture \(name)") }
        return found
    }

    static func w3cVector(_ anchor: String) -> W3CVector {
        guard let found = w3c.first(where: { $0.anchor == anchor }) else { fatalError("no vector \(anchor)") }
        return found
    }

    private static func load<T: Decodable>(_ name: String) -> T {
        do {
            let data = try Data(contentsOf: directory.appendingPathComponent(name))
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            fatalError("cannot load \(name): \(error)")
        }
    }

    static func b64(_ text: String) -> [UInt8] {
        guard let bytes = Base64URL.decode(text) else { fatalError("not base64url: \(text)") }
        return bytes
    }

    static func hex(_ text: String) -> [UInt8] {
        Fixtures.hexBytes(text)
    }

    static let localhostParty = RelyingParty(id: "localhost", origins: ["http://localhost:8080"])
    static let exampleParty = RelyingParty(id: "example.org", origins: ["https://example.org"])

    /// The "localhost" case's registration, verified with the fixture's challenge and UV requirement.
    static func register(_ fixture: LocalhostCase, verifier: RegistrationVerifier? = nil) throws(WebAuthnError)
        -> RegisteredCredential
    {
        let verifier = verifier ?? RegistrationVerifier(relyingParty: localhostParty)
        return try verifier.verify(
            clientDataJSON: b64(fixture.credential.response.clientDataJSON),
            attestationObject: b64(fixture.credential.response.attestationObject!),
            expectedChallenge: b64(fixture.challenge), userVerification: fixture.requireUV ? .required : .preferred)
    }

    /// The credential an authentication case is verified against: its own id, the fixture's public key and stored
    /// counter, not backup eligible (no authentication case sets BE), registered for user handle "user-0001".
    static func storedCredential(_ fixture: LocalhostCase) throws(WebAuthnError) -> StoredCredential {
        let key = try COSEKey(bytes: b64(fixture.credentialPublicKey!))
        return StoredCredential(
            credentialId: b64(fixture.credential.rawId), publicKey: key, signCount: fixture.storedSignCount ?? 0,
            backupEligible: false, userHandle: Array("user-0001".utf8))
    }

    /// The "localhost" case's assertion, verified against `credential` (by default the fixture's own).
    static func authenticate(
        _ fixture: LocalhostCase, credential: StoredCredential? = nil, relyingParty: RelyingParty = localhostParty,
        signature: [UInt8]? = nil
    ) throws(WebAuthnError) -> AssertionResult {
        let response = fixture.credential.response
        let stored: StoredCredential
        if let credential { stored = credential } else { stored = try storedCredential(fixture) }
        return try AssertionVerifier(relyingParty: relyingParty).verify(
            credentialId: b64(fixture.credential.rawId), clientDataJSON: b64(response.clientDataJSON),
            authenticatorData: b64(response.authenticatorData!), signature: signature ?? b64(response.signature!),
            userHandle: response.userHandle.map(b64), credential: stored,
            expectedChallenge: b64(fixture.challenge), userVerification: fixture.requireUV ? .required : .preferred)
    }

    /// The W3C vector's registration, with UV preferred (the vectors set UV at random).
    static func register(_ vector: W3CVector) throws(WebAuthnError) -> RegisteredCredential {
        let registration = vector.registration!
        return try RegistrationVerifier(relyingParty: exampleParty).verify(
            clientDataJSON: hex(registration.clientDataJSON), attestationObject: hex(registration.attestationObject),
            expectedChallenge: hex(registration.challenge))
    }

    /// The W3C vector's assertion against `credential`.
    static func authenticate(_ vector: W3CVector, credential: StoredCredential) throws(WebAuthnError)
        -> AssertionResult
    {
        let authentication = vector.authentication!
        return try AssertionVerifier(relyingParty: exampleParty).verify(
            credentialId: hex(vector.registration!.credential_id),
            clientDataJSON: hex(authentication.clientDataJSON),
            authenticatorData: hex(authentication.authenticatorData), signature: hex(authentication.signature),
            userHandle: nil, credential: credential, expectedChallenge: hex(authentication.challenge))
    }
}

/// Runs `body` and returns the error it threw, or nil when it returned.
func webAuthnError<T>(_ body: () throws(WebAuthnError) -> T) -> WebAuthnError? {
    do {
        _ = try body()
        return nil
    } catch {
        return error
    }
}
