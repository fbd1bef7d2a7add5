import Crypto
import Testing

@testable import RampartMFA

@Suite struct CollectedClientDataTests {
    static func parse(_ json: String) -> Result<CollectedClientData, WebAuthnError> {
        Result { () throws(WebAuthnError) in try CollectedClientData(json: Array(json.utf8)) }
    }

    @Test func members() throws {
        let json =
            #"{"type":"webauthn.get","challenge":"AAEC","origin":"https://example.org","crossOrigin":true,"#
            + #""topOrigin":"https://example.com","extraData":{"future":[1,2]}}"#
        let data = try Self.parse(json).get()
        #expect(data.type == "webauthn.get")
        #expect(data.challenge == [0, 1, 2])
        #expect(data.origin == "https://example.org")
        #expect(data.crossOrigin)
        #expect(data.topOrigin == "https://example.com")
        #expect(data.bytes == Array(json.utf8))
        let minimal = try Self.parse(#"{"type":"webauthn.create","challenge":"","origin":"http://localhost"}"#).get()
        #expect(!minimal.crossOrigin)
        #expect(minimal.topOrigin == nil)
    }

    @Test func malformed() {
        let cases = [
            "", "[]", "{", #"{"challenge":"AA","origin":"o"}"#, #"{"type":"webauthn.get","origin":"o"}"#,
            #"{"type":"webauthn.get","challenge":"AA"}"#, #"{"type":1,"challenge":"AA","origin":"o"}"#,
            #"{"type":"webauthn.get","challenge":"AA","origin":"o","crossOrigin":"true"}"#,
            #"{"type":"webauthn.get","challenge":"AA==","origin":"o"}"#,
            #"{"type":"webauthn.get","challenge":"A+/A","origin":"o"}"#,
            #"{"type":"webauthn.get","challenge":null,"origin":"o"}"#,
        ]
        for json in cases {
            guard case .failure(.malformedClientData) = Self.parse(json) else {
                Issue.record("accepted or wrong error: \(json)")
                continue
            }
        }
    }

    /// A topOrigin without crossOrigin is refused like crossOrigin itself.
    @Test func topOriginWithoutCrossOrigin() throws {
        let json = #"{"type":"webauthn.get","challenge":"AAEC","origin":"http://localhost:8080","topOrigin":"x"}"#
        let error = webAuthnError { () throws(WebAuthnError) in
            try CeremonyChecks.clientData(
                try CollectedClientData(json: Array(json.utf8)), type: "webauthn.get", expectedChallenge: [0, 1, 2],
                relyingParty: WebAuthnFixtures.localhostParty)
        }
        #expect(error == .crossOriginRefused)
    }
}

@Suite struct COSEKeyTests {
    static func parse(_ item: CBOR) -> Result<COSEKey, WebAuthnError> {
        Result { () throws(WebAuthnError) in try COSEKey(bytes: CBOREncoder.encode(item)) }
    }

    static let p256 = P256.Signing.PrivateKey()
    static var x: [UInt8] { Array(p256.publicKey.rawRepresentation.prefix(32)) }
    static var y: [UInt8] { Array(p256.publicKey.rawRepresentation.suffix(32)) }

    static func ec2(
        kty: Int = 2, alg: Int = -7, crv: Int = 1, x: [UInt8] = COSEKeyTests.x, y: [UInt8] = COSEKeyTests.y
    ) -> CBOR {
        .map([
            (CBOR(1), CBOR(kty)), (CBOR(3), CBOR(alg)), (CBOR(-1), CBOR(crv)), (CBOR(-2), .bytes(x)),
            (CBOR(-3), .bytes(y)),
        ])
    }

    @Test func es256SignAndVerify() throws {
        let key = try Self.parse(Self.ec2()).get()
        #expect(key.algorithm == .es256)
        let data = Array("message".utf8)
        let signature = Array(try Self.p256.signature(for: data).derRepresentation)
        #expect(key.verify(signature: signature, data: data))
        #expect(!key.verify(signature: signature, data: data + [0]))
        // The raw (r || s) form is not what WebAuthn sends: refused.
        #expect(!key.verify(signature: Array(try Self.p256.signature(for: data).rawRepresentation), data: data))
        #expect(key.bytes == CBOREncoder.encode(Self.ec2()))
    }

    @Test func ed25519SignAndVerify() throws {
        let privateKey = Curve25519.Signing.PrivateKey()
        let item = CBOR.map([
            (CBOR(1), CBOR(1)), (CBOR(3), CBOR(-8)), (CBOR(-1), CBOR(6)),
            (CBOR(-2), .bytes(Array(privateKey.publicKey.rawRepresentation))),
        ])
        let key = try Self.parse(item).get()
        let data = Array("message".utf8)
        #expect(key.verify(signature: Array(try privateKey.signature(for: data)), data: data))
        #expect(!key.verify(signature: Array(try privateKey.signature(for: data)), data: data + [0]))
    }

    @Test func invalidKeys() {
        #expect(Self.parse(.array([])).error == .invalidPublicKey("not a CBOR map"))
        #expect(Self.parse(Self.ec2(kty: 1)).error == .invalidPublicKey("kty 1 does not fit ES256"))
        #expect(Self.parse(Self.ec2(crv: 2)).error == .invalidPublicKey("ES256 key not on P-256 (crv 1)"))
        #expect(
            Self.parse(Self.ec2(x: Array(Self.x.dropFirst()))).error
                == .invalidPublicKey("P-256 coordinates must be 32 bytes"))
        var offCurve = Self.y
        offCurve[31] ^= 1
        #expect(Self.parse(Self.ec2(y: offCurve)).error == .invalidPublicKey("not a point on P-256"))
        #expect(
            Self.parse(.map([(CBOR(1), CBOR(2)), (CBOR(-1), CBOR(1))])).error == .invalidPublicKey("no integer alg"))
        // A short RSA modulus.
        let rsa = CBOR.map([
            (CBOR(1), CBOR(3)), (CBOR(3), CBOR(-257)),
            (CBOR(-1), .bytes([0xc5] + [UInt8](repeating: 0x11, count: 127))), (CBOR(-2), .bytes([1, 0, 1])),
        ])
        #expect(Self.parse(rsa).error == .invalidPublicKey("not an RSA key of at least 2048 bits"))
    }

    @Test func unsupportedAlgorithms() {
        #expect(Self.parse(Self.ec2(alg: -35, crv: 2)).error == .unsupportedAlgorithm(-35))
        #expect(Self.parse(Self.ec2(alg: -36, crv: 3)).error == .unsupportedAlgorithm(-36))
        #expect(Self.parse(Self.ec2(alg: -37)).error == .unsupportedAlgorithm(-37))
        #expect(Self.parse(Self.ec2(alg: 1_000_000)).error == .unsupportedAlgorithm(1_000_000))
        // EdDSA on Ed448.
        let ed448 = CBOR.map([
            (CBOR(1), CBOR(1)), (CBOR(3), CBOR(-8)), (CBOR(-1), CBOR(7)),
            (CBOR(-2), .bytes([UInt8](repeating: 1, count: 57))),
        ])
        #expect(Self.parse(ed448).error == .unsupportedAlgorithm(-8))
    }
}

@Suite struct AttestationObjectTests {
    static let authData = WebAuthnFixtures.b64(
        WebAuthnFixtures.localhostCase("auth_ok_es256").credential.response.authenticatorData!)

    static func parse(_ item: CBOR, trailing: [UInt8] = []) -> Result<AttestationObject, WebAuthnError> {
        Result { () throws(WebAuthnError) in try AttestationObject(bytes: CBOREncoder.encode(item) + trailing) }
    }

    @Test func shape() {
        let good = CBOR.map([
            (.text("fmt"), .text("none")), (.text("attStmt"), .map([])), (.text("authData"), .bytes(Self.authData)),
        ])
        #expect(Self.parse(good).isSuccess)
        #expect(Self.parse(good, trailing: [0x00]).error == .malformedCBOR("1 bytes after the item"))
        let intKey = CBOR.map([
            (.text("fmt"), .text("none")), (.text("attStmt"), .map([])), (.text("authData"), .bytes(Self.authData)),
            (CBOR(1), CBOR(1)),
        ])
        #expect(Self.parse(intKey).error == .malformedAttestationObject("map key unsigned(1) is not text"))
        #expect(
            Self.parse(.map([(.text("fmt"), .text("none")), (.text("attStmt"), .map([]))])).error
                == .malformedAttestationObject("no byte string authData"))
        #expect(
            Self.parse(
                .map([
                    (.text("fmt"), CBOR(1)), (.text("attStmt"), .map([])), (.text("authData"), .bytes(Self.authData)),
                ])
            ).error == .malformedAttestationObject("no text fmt"))
        #expect(Self.parse(.array([])).error == .malformedAttestationObject("not a CBOR map"))
    }

    /// Format "none" must carry an empty statement.
    @Test func noneWithStatement() {
        let fixture = WebAuthnFixtures.localhostCase("reg_ok_es256_none")
        let original = try! AttestationObject(
            bytes: WebAuthnFixtures.b64(fixture.credential.response.attestationObject!))
        let object = CBOREncoder.encode(
            .map([
                (.text("fmt"), .text("none")), (.text("attStmt"), .map([(.text("alg"), CBOR(-7))])),
                (.text("authData"), .bytes(original.authenticatorData.bytes)),
            ]))
        let error = webAuthnError { () throws(WebAuthnError) in
            try RegistrationVerifier(relyingParty: WebAuthnFixtures.localhostParty).verify(
                clientDataJSON: WebAuthnFixtures.b64(fixture.credential.response.clientDataJSON),
                attestationObject: object,
                expectedChallenge: WebAuthnFixtures.b64(fixture.challenge))
        }
        #expect(error == .attestationInvalid("attStmt of format none is not empty"))
    }
}
