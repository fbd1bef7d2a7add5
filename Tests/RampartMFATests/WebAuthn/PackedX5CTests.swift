import Crypto
import Foundation
import SwiftASN1
import Testing
import X509

@testable import RampartMFA

/// Packed attestation with an attestation certificate, on certificates made here to break one requirement each.
@Suite struct PackedX5CTests {
    static let aaguid: [UInt8] = Array(0x10...0x1f)
    static let challenge: [UInt8] = Array(0..<32)
    static let credentialKey = P256.Signing.PrivateKey()
    static let attestationKey = P256.Signing.PrivateKey()
    static let aaguidOID: ASN1ObjectIdentifier = [1, 3, 6, 1, 4, 1, 45724, 1, 1, 4]

    static let clientDataJSON = Array(
        #"{"type":"webauthn.create","challenge":"\#(Base64URL.encode(challenge))","origin":"http://localhost:8080"}"#
            .utf8)

    static var authenticatorData: [UInt8] {
        let raw = credentialKey.publicKey.rawRepresentation
        let key = CBOREncoder.encode(
            .map([
                (CBOR(1), CBOR(2)), (CBOR(3), CBOR(-7)), (CBOR(-1), CBOR(1)), (CBOR(-2), .bytes(Array(raw.prefix(32)))),
                (CBOR(-3), .bytes(Array(raw.suffix(32)))),
            ]))
        return Array(SHA256.hash(data: Array("localhost".utf8))) + [0x45, 0, 0, 0, 0] + aaguid + [0, 4]
            + [9, 9, 9, 9] + key
    }

    enum SigningKey {
        case p256(P256.Signing.PrivateKey)
        case ed25519(Curve25519.Signing.PrivateKey)
    }

    static func name(organizationalUnit: String = "Authenticator Attestation", country: String = "AA") throws
        -> DistinguishedName
    {
        try DistinguishedName {
            CountryName(country)
            OrganizationName("Rampart Tests")
            OrganizationalUnitName(organizationalUnit)
            CommonName("Test Authenticator")
        }
    }

    static func certificate(
        key: SigningKey = .p256(attestationKey), version: Certificate.Version = .v3, subject: DistinguishedName? = nil,
        extensions: Certificate.Extensions? = nil
    ) throws -> [UInt8] {
        let publicKey: Certificate.PublicKey =
            switch key {
            case .p256(let key): .init(key.publicKey)
            case .ed25519(let key): .init(key.publicKey)
            }
        let issuerKey = P256.Signing.PrivateKey()
        let certificate = try Certificate(
            version: version, serialNumber: .init(), publicKey: publicKey,
            notValidBefore: Date(timeIntervalSince1970: 1_700_000_000),
            notValidAfter: Date(timeIntervalSince1970: 2_000_000_000),
            issuer: try DistinguishedName { CommonName("Test Attestation CA") },
            subject: try subject ?? name(), signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try extensions ?? Certificate.Extensions { Critical(BasicConstraints.notCertificateAuthority) },
            issuerPrivateKey: .init(issuerKey))
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        return serializer.serializedBytes
    }

    static func aaguidExtension(_ value: [UInt8], critical: Bool = false) -> Certificate.Extension {
        Certificate.Extension(oid: aaguidOID, critical: critical, value: ([0x04, 0x10] + value)[...])
    }

    /// Registers with a packed statement signed by `signer` (the attestation key unless told) under `alg`.
    static func register(
        x5c: [[UInt8]], alg: Int = -7, signer: SigningKey = .p256(attestationKey)
    ) -> Result<RegisteredCredential, WebAuthnError> {
        let authData = authenticatorData
        let signed = authData + Array(SHA256.hash(data: clientDataJSON))
        let signature: [UInt8]
        switch signer {
        case .p256(let key): signature = Array(try! key.signature(for: signed).derRepresentation)
        case .ed25519(let key): signature = Array(try! key.signature(for: signed))
        }
        let object = CBOREncoder.encode(
            .map([
                (.text("fmt"), .text("packed")),
                (
                    .text("attStmt"),
                    .map([
                        (.text("alg"), CBOR(alg)), (.text("sig"), .bytes(signature)),
                        (.text("x5c"), .array(x5c.map(CBOR.bytes))),
                    ])
                ),
                (.text("authData"), .bytes(authData)),
            ]))
        return Result { () throws(WebAuthnError) in
            try RegistrationVerifier(relyingParty: WebAuthnFixtures.localhostParty).verify(
                clientDataJSON: clientDataJSON, attestationObject: object, expectedChallenge: challenge)
        }
    }

    static func isAttestationInvalid(_ result: Result<RegisteredCredential, WebAuthnError>) -> Bool {
        if case .failure(.attestationInvalid) = result { true } else { false }
    }

    @Test func validCertificate() throws {
        let leaf = try Self.certificate()
        let registered = try Self.register(x5c: [leaf]).get()
        #expect(registered.attestation == .packedX5C(certificates: [leaf]))
        #expect(registered.attestation.name == "packed-x5c")
        #expect(registered.aaguid == Self.aaguid)
        #expect(registered.credentialId == [9, 9, 9, 9])
    }

    @Test func matchingAAGUIDExtensionAndAChain() throws {
        let leaf = try Self.certificate(
            extensions: Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Self.aaguidExtension(Self.aaguid)
            })
        let intermediate = try Self.certificate(key: .p256(P256.Signing.PrivateKey()))
        #expect(try Self.register(x5c: [leaf, intermediate]).get().attestation.name == "packed-x5c")
    }

    @Test func mismatchedAAGUIDExtension() throws {
        let leaf = try Self.certificate(
            extensions: Certificate.Extensions { Self.aaguidExtension([UInt8](repeating: 0xee, count: 16)) })
        #expect(Self.isAttestationInvalid(Self.register(x5c: [leaf])))
    }

    @Test func criticalAAGUIDExtension() throws {
        let leaf = try Self.certificate(
            extensions: Certificate.Extensions { Self.aaguidExtension(Self.aaguid, critical: true) })
        #expect(Self.isAttestationInvalid(Self.register(x5c: [leaf])))
    }

    @Test func caCertificate() throws {
        let leaf = try Self.certificate(
            extensions: Certificate.Extensions { Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0)) })
        #expect(Self.isAttestationInvalid(Self.register(x5c: [leaf])))
    }

    /// No basic constraints extension means "not a CA" in X.509: accepted.
    @Test func noBasicConstraints() throws {
        let leaf = try Self.certificate(extensions: Certificate.Extensions())
        #expect(Self.register(x5c: [leaf]).isSuccess)
    }

    @Test func wrongSubject() throws {
        let wrongUnit = try Self.certificate(subject: Self.name(organizationalUnit: "Authenticator"))
        #expect(Self.isAttestationInvalid(Self.register(x5c: [wrongUnit])))
        let wrongCountry = try Self.certificate(subject: Self.name(country: "Atlantis"))
        #expect(Self.isAttestationInvalid(Self.register(x5c: [wrongCountry])))
        let noCommonName = try Self.certificate(
            subject: DistinguishedName {
                CountryName("AA")
                OrganizationName("Rampart Tests")
                OrganizationalUnitName("Authenticator Attestation")
            })
        #expect(Self.isAttestationInvalid(Self.register(x5c: [noCommonName])))
    }

    @Test func versionOne() throws {
        let leaf = try Self.certificate(version: .v1, extensions: Certificate.Extensions())
        #expect(Self.isAttestationInvalid(Self.register(x5c: [leaf])))
    }

    @Test func signedByAnotherKey() throws {
        let leaf = try Self.certificate()
        #expect(Self.isAttestationInvalid(Self.register(x5c: [leaf], signer: .p256(P256.Signing.PrivateKey()))))
        // Signed by the credential key (as self attestation would be) but with a certificate: refused.
        #expect(Self.isAttestationInvalid(Self.register(x5c: [leaf], signer: .p256(Self.credentialKey))))
    }

    /// The attestation key's type must fit alg: an Ed25519 certificate cannot verify an ES256 statement, and an
    /// EdDSA statement verifies with an Ed25519 certificate.
    @Test func algorithmAndCertificateKey() throws {
        let edKey = Curve25519.Signing.PrivateKey()
        let edLeaf = try Self.certificate(key: .ed25519(edKey))
        #expect(Self.isAttestationInvalid(Self.register(x5c: [edLeaf], alg: -7, signer: .ed25519(edKey))))
        #expect(Self.register(x5c: [edLeaf], alg: -8, signer: .ed25519(edKey)).isSuccess)
        #expect(Self.register(x5c: [try Self.certificate()], alg: -35).error == .unsupportedAlgorithm(-35))
    }

    @Test func malformedX5C() throws {
        #expect(Self.isAttestationInvalid(Self.register(x5c: [])))
        #expect(Self.isAttestationInvalid(Self.register(x5c: [[0x30, 0x03, 0x02, 0x01, 0x01]])))
        #expect(Self.isAttestationInvalid(Self.register(x5c: [try Self.certificate(), [0x00]])))
    }
}
