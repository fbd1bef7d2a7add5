import Testing

@testable import RampartMFA

/// The 33 registration and authentication responses for RP id "localhost": each `ok` case verifies, each `error` or
/// `policy` case is refused with the error its name and note describe.
@Suite struct LocalhostFixtureTests {
    typealias Case = WebAuthnFixtures.LocalhostCase

    /// The refusal each failing case must produce.
    static let expectedErrors: [String: WebAuthnError] = [
        "reg_bad_challenge": .challengeMismatch,
        "reg_bad_origin": .originMismatch("http://localhost:9999"),
        "reg_bad_origin_127": .originMismatch("http://127.0.0.1:8080"),
        "reg_bad_type": .wrongType(expected: "webauthn.create", received: "webauthn.get"),
        "reg_bad_rpid": .rpIdMismatch,
        "reg_no_up": .userNotPresent,
        "reg_uv_required_missing": .userNotVerified,
        "reg_bad_packed_sig": .attestationInvalid("self attestation signature does not verify with the credential key"),
        "reg_bad_packed_alg": .algorithmMismatch(expected: -7, received: -257),
        "reg_bad_be0_bs1": .invalidFlags("backed up (BS) without backup eligible (BE)"),
        "auth_bad_signature": .badSignature,
        "auth_bad_key": .badSignature,
        "auth_bad_origin": .originMismatch("http://localhost:9999"),
        "auth_bad_type": .wrongType(expected: "webauthn.get", received: "webauthn.create"),
        "auth_bad_rpid": .rpIdMismatch,
        "auth_no_up": .userNotPresent,
        "auth_uv_required_missing": .userNotVerified,
        "auth_counter_regression": .counterRegression(stored: 7, received: 5),
        "auth_counter_equal": .counterRegression(stored: 5, received: 5),
        // Accepted by py_webauthn; a strict relying party refuses ceremonies in a cross-origin iframe.
        "auth_cross_origin_true": .crossOriginRefused,
    ]

    @Test func allThirtyThreeCasesAreCovered() {
        let cases = WebAuthnFixtures.localhost
        #expect(cases.count == 33)
        let failing = Set(cases.filter { $0.expect != "ok" }.map(\.name))
        #expect(failing == Set(Self.expectedErrors.keys))
        #expect(cases.allSatisfy { ["ok", "error", "policy"].contains($0.expect) })
        #expect(cases.allSatisfy { $0.rpId == "localhost" && $0.origin == "http://localhost:8080" })
    }

    @Test(arguments: WebAuthnFixtures.localhost.filter { $0.ceremony == "registration" })
    func registration(fixture: Case) throws {
        if fixture.expect == "ok" {
            let credential = try WebAuthnFixtures.register(fixture)
            #expect(credential.credentialId == WebAuthnFixtures.b64(fixture.credential.rawId))
            let key = try COSEKey(bytes: credential.publicKey)
            #expect(key.algorithm == credential.algorithm)
            let expectedAlgorithm: COSEAlgorithm =
                fixture.note.hasPrefix("eddsa") ? .eddsa : fixture.note.hasPrefix("rs256") ? .rs256 : .es256
            #expect(credential.algorithm == expectedAlgorithm)
            #expect(credential.attestation == (fixture.name.hasSuffix("packed_self") ? .packedSelf : .none))
            #expect(credential.signCount == 0)
            #expect(credential.aaguid == [UInt8](repeating: 0, count: 16))
            #expect(credential.backupEligible == (fixture.name == "reg_ok_synced_passkey"))
            #expect(credential.backedUp == (fixture.name == "reg_ok_synced_passkey"))
            #expect(credential.userVerified == (fixture.name != "reg_ok_uv_not_required"))
        } else {
            let error = webAuthnError { () throws(WebAuthnError) in try WebAuthnFixtures.register(fixture) }
            #expect(error == Self.expectedErrors[fixture.name], "\(fixture.note)")
        }
    }

    @Test(arguments: WebAuthnFixtures.localhost.filter { $0.ceremony == "authentication" })
    func authentication(fixture: Case) throws {
        if fixture.expect == "ok" {
            let result = try WebAuthnFixtures.authenticate(fixture)
            #expect(result.newSignCount == (fixture.name == "auth_ok_counter_zero_both" ? 0 : 5))
            #expect(result.userVerified)
            #expect(!result.backedUp)
        } else {
            let error = webAuthnError { () throws(WebAuthnError) in try WebAuthnFixtures.authenticate(fixture) }
            #expect(error == Self.expectedErrors[fixture.name], "\(fixture.note)")
        }
    }

    /// A registration's output is what authentication needs: register, store, then verify the credential's
    /// assertion with what was stored.
    @Test(arguments: [("reg_ok_es256_none", "auth_ok_es256"), ("reg_ok_eddsa_none", "auth_ok_eddsa")])
    func registeredCredentialVerifiesItsAssertion(registration: String, authentication: String) throws {
        let registered = try WebAuthnFixtures.register(WebAuthnFixtures.localhostCase(registration))
        let stored = try StoredCredential(registered, userHandle: Array("user-0001".utf8))
        let fixture = WebAuthnFixtures.localhostCase(authentication)
        let result = try WebAuthnFixtures.authenticate(fixture, credential: stored)
        #expect(result.newSignCount == 5)
    }
}
