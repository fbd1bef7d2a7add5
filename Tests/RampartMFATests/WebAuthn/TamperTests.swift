import Testing

@testable import RampartMFA

/// Valid responses, changed in one respect, must be refused for that respect.
@Suite struct TamperTests {
    typealias F = WebAuthnFixtures

    static let validAssertions = ["auth_ok_es256", "auth_ok_eddsa", "auth_ok_rs256"]

    @Test(arguments: validAssertions)
    func flippedSignatureByte(name: String) throws {
        let fixture = F.localhostCase(name)
        let signature = F.b64(fixture.credential.response.signature!)
        #expect(throws: Never.self) { try F.authenticate(fixture, signature: signature) }
        for index in [0, signature.count / 2, signature.count - 1] {
            var tampered = signature
            tampered[index] ^= 0x01
            let error = webAuthnError { () throws(WebAuthnError) in try F.authenticate(fixture, signature: tampered) }
            #expect(error == .badSignature, "byte \(index)")
        }
        let truncated = Array(signature.dropLast())
        #expect(
            webAuthnError { () throws(WebAuthnError) in try F.authenticate(fixture, signature: truncated) }
                == .badSignature)
        #expect(
            webAuthnError { () throws(WebAuthnError) in try F.authenticate(fixture, signature: []) } == .badSignature)
    }

    /// A valid assertion checked against another credential's key (same id, so only the key differs).
    @Test(arguments: [
        ("auth_ok_es256", "sctn-test-vectors-none-es256"), ("auth_ok_eddsa", "sctn-test-vectors-packed-eddsa"),
        ("auth_ok_rs256", "sctn-test-vectors-packed-rs256"), ("auth_ok_es256", "sctn-test-vectors-packed-eddsa"),
    ])
    func otherCredentialsKey(name: String, otherVector: String) throws {
        let fixture = F.localhostCase(name)
        let other = try W3CVectorTests.credentialKey(F.w3cVector(otherVector))
        let credential = StoredCredential(
            credentialId: F.b64(fixture.credential.rawId), publicKey: other, signCount: 0, backupEligible: false)
        let error = webAuthnError { () throws(WebAuthnError) in try F.authenticate(fixture, credential: credential) }
        #expect(error == .badSignature)
    }

    @Test(arguments: validAssertions)
    func wrongOriginAndRpId(name: String) {
        let fixture = F.localhostCase(name)
        let otherOrigin = RelyingParty(id: "localhost", origins: ["http://localhost:8081", "https://localhost:8080"])
        #expect(
            webAuthnError { () throws(WebAuthnError) in try F.authenticate(fixture, relyingParty: otherOrigin) }
                == .originMismatch("http://localhost:8080"))
        let otherId = RelyingParty(id: "example.com", origins: ["http://localhost:8080"])
        #expect(
            webAuthnError { () throws(WebAuthnError) in try F.authenticate(fixture, relyingParty: otherId) }
                == .rpIdMismatch)
    }

    @Test func registrationWithWrongOriginAndRpId() {
        let fixture = F.localhostCase("reg_ok_es256_packed_self")
        let otherOrigin = RegistrationVerifier(
            relyingParty: RelyingParty(id: "localhost", origins: ["http://localhost"]))
        #expect(
            webAuthnError { () throws(WebAuthnError) in try F.register(fixture, verifier: otherOrigin) }
                == .originMismatch("http://localhost:8080"))
        let otherId = RegistrationVerifier(
            relyingParty: RelyingParty(id: "localhost.localdomain", origins: ["http://localhost:8080"]))
        #expect(
            webAuthnError { () throws(WebAuthnError) in try F.register(fixture, verifier: otherId) } == .rpIdMismatch)
    }

    @Test func wrongChallenge() {
        let fixture = F.localhostCase("auth_ok_es256")
        var challenge = F.b64(fixture.challenge)
        challenge[0] ^= 0x80
        let response = fixture.credential.response
        let error = webAuthnError { () throws(WebAuthnError) in
            try AssertionVerifier(relyingParty: F.localhostParty).verify(
                credentialId: F.b64(fixture.credential.rawId), clientDataJSON: F.b64(response.clientDataJSON),
                authenticatorData: F.b64(response.authenticatorData!), signature: F.b64(response.signature!),
                userHandle: nil, credential: try F.storedCredential(fixture), expectedChallenge: challenge)
        }
        #expect(error == .challengeMismatch)
    }

    @Test func backupEligibilityMustNotChange() throws {
        let fixture = F.localhostCase("auth_ok_es256")
        let registered = try F.storedCredential(fixture)
        let eligible = StoredCredential(
            credentialId: registered.credentialId, publicKey: registered.publicKey, signCount: 0, backupEligible: true)
        let error = webAuthnError { () throws(WebAuthnError) in try F.authenticate(fixture, credential: eligible) }
        #expect(error == .backupEligibilityChanged(registered: true, received: false))
    }

    @Test func otherCredentialIdAndUserHandle() throws {
        let fixture = F.localhostCase("auth_ok_es256")
        let registered = try F.storedCredential(fixture)
        let otherId = StoredCredential(
            credentialId: registered.credentialId + [0], publicKey: registered.publicKey, signCount: 0,
            backupEligible: false)
        #expect(
            webAuthnError { () throws(WebAuthnError) in try F.authenticate(fixture, credential: otherId) }
                == .credentialMismatch)
        let otherUser = StoredCredential(
            credentialId: registered.credentialId, publicKey: registered.publicKey, signCount: 0,
            backupEligible: false, userHandle: Array("user-0002".utf8))
        #expect(
            webAuthnError { () throws(WebAuthnError) in try F.authenticate(fixture, credential: otherUser) }
                == .userHandleMismatch)
    }

    /// An assertion's signature covers the authenticator data: raising the counter invalidates it.
    @Test func tamperedAuthenticatorData() {
        let fixture = F.localhostCase("auth_ok_es256")
        let response = fixture.credential.response
        var authenticatorData = F.b64(response.authenticatorData!)
        authenticatorData[36] &+= 1
        let error = webAuthnError { () throws(WebAuthnError) in
            try AssertionVerifier(relyingParty: F.localhostParty).verify(
                credentialId: F.b64(fixture.credential.rawId), clientDataJSON: F.b64(response.clientDataJSON),
                authenticatorData: authenticatorData, signature: F.b64(response.signature!), userHandle: nil,
                credential: try F.storedCredential(fixture), expectedChallenge: F.b64(fixture.challenge))
        }
        #expect(error == .badSignature)
    }

    /// The stored algorithm and the stored key must agree.
    @Test func storedAlgorithmMismatch() {
        let key = F.b64(F.localhostCase("auth_ok_es256").credentialPublicKey!)
        let error = webAuthnError { () throws(WebAuthnError) in
            try StoredCredential(
                credentialId: [1], publicKey: key, algorithm: .rs256, signCount: 0, backupEligible: false)
        }
        #expect(error == .algorithmMismatch(expected: -257, received: -7))
    }

    @Test func uvRequiredByTheRelyingPartyDefault() {
        let fixture = F.localhostCase("auth_ok_es256")
        let response = fixture.credential.response
        // UV is set in this assertion, so "required" passes; the UV-clear fixture is refused by the default alone.
        let strict = RelyingParty(id: "localhost", origins: ["http://localhost:8080"], userVerification: .required)
        #expect(throws: Never.self) {
            try AssertionVerifier(relyingParty: strict).verify(
                credentialId: F.b64(fixture.credential.rawId), clientDataJSON: F.b64(response.clientDataJSON),
                authenticatorData: F.b64(response.authenticatorData!), signature: F.b64(response.signature!),
                userHandle: nil, credential: try F.storedCredential(fixture),
                expectedChallenge: F.b64(fixture.challenge))
        }
        let clear = F.localhostCase("auth_uv_required_missing")
        let clearResponse = clear.credential.response
        let error = webAuthnError { () throws(WebAuthnError) in
            try AssertionVerifier(relyingParty: strict).verify(
                credentialId: F.b64(clear.credential.rawId), clientDataJSON: F.b64(clearResponse.clientDataJSON),
                authenticatorData: F.b64(clearResponse.authenticatorData!), signature: F.b64(clearResponse.signature!),
                userHandle: nil, credential: try F.storedCredential(clear), expectedChallenge: F.b64(clear.challenge))
        }
        #expect(error == .userNotVerified)
    }
}
