import Crypto
import CryptoExtras
import X509

/// Verification of the "packed" attestation statement format (WebAuthn §8.2): `{alg, sig}` for self attestation,
/// `{alg, sig, x5c}` for attestation by certificate. ECDAA (`ecdaaKeyId`), withdrawn from the specification, and any
/// member other than these three are refused.
enum PackedAttestation {
    /// The OID of id-fido-gen-ce-aaguid, the extension an attestation certificate may carry its AAGUID in.
    static let aaguidExtension = "1.3.6.1.4.1.45724.1.1.4"

    static func verify(
        statement: CBOR.Map, authenticatorData: AuthenticatorData, clientDataHash: [UInt8], credentialKey: COSEKey,
        aaguid: [UInt8]
    ) throws(WebAuthnError) -> AttestationType {
        for entry in statement.entries {
            guard let key = entry.key.textValue, ["alg", "sig", "x5c"].contains(key) else {
                throw .attestationInvalid("packed attStmt has an unexpected member \(entry.key)")
            }
        }
        guard let alg = statement["alg"]?.intValue else { throw .attestationInvalid("packed attStmt has no alg") }
        guard let signature = statement["sig"]?.bytesValue else {
            throw .attestationInvalid("packed attStmt has no sig")
        }
        let signedData = authenticatorData.bytes + clientDataHash

        guard let x5c = statement["x5c"] else {
            // Self attestation: signed with the credential key, under the credential's own algorithm.
            guard alg == credentialKey.algorithm.rawValue else {
                throw .algorithmMismatch(expected: credentialKey.algorithm.rawValue, received: alg)
            }
            guard credentialKey.verify(signature: signature, data: signedData) else {
                throw .attestationInvalid("self attestation signature does not verify with the credential key")
            }
            return .packedSelf
        }

        guard let elements = x5c.arrayValue, !elements.isEmpty else {
            throw .attestationInvalid("x5c is not a non-empty array")
        }
        var chain: [[UInt8]] = []
        var certificates: [Certificate] = []
        for (index, element) in elements.enumerated() {
            guard let der = element.bytesValue else { throw .attestationInvalid("x5c[\(index)] is not a byte string") }
            do {
                certificates.append(try Certificate(derEncoded: der))
            } catch {
                throw .attestationInvalid("x5c[\(index)] is not a DER X.509 certificate")
            }
            chain.append(der)
        }
        let algorithm = try COSEAlgorithm(coseIdentifier: alg)
        let leaf = certificates[0]
        guard verify(signature: signature, data: signedData, algorithm: algorithm, key: leaf.publicKey) else {
            throw .attestationInvalid("signature does not verify with the attestation certificate's key")
        }
        try checkRequirements(of: leaf, aaguid: aaguid)
        return .packedX5C(certificates: chain)
    }

    /// The signature check with a certificate's key, whose type must fit `algorithm`.
    static func verify(
        signature: [UInt8], data: [UInt8], algorithm: COSEAlgorithm, key: Certificate.PublicKey
    ) -> Bool {
        switch algorithm {
        case .es256:
            guard let key = P256.Signing.PublicKey(key),
                let parsed = try? P256.Signing.ECDSASignature(derRepresentation: signature)
            else { return false }
            return key.isValidSignature(parsed, for: data)
        case .eddsa:
            guard let key = Curve25519.Signing.PublicKey(key) else { return false }
            return key.isValidSignature(signature, for: data)
        case .rs256:
            guard let key = _RSA.Signing.PublicKey(key) else { return false }
            return key.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: signature), for: SHA256.hash(data: data),
                padding: .insecurePKCS1v1_5)
        }
    }

    /// §8.2.1, packed attestation statement certificate requirements: X.509 version 3; subject C (a two-letter
    /// country code), O, OU "Authenticator Attestation" and CN; not a CA; and when it carries the AAGUID extension,
    /// that extension is not critical and names the authenticator data's AAGUID.
    static func checkRequirements(of certificate: Certificate, aaguid: [UInt8]) throws(WebAuthnError) {
        guard certificate.version == .v3 else {
            throw .attestationInvalid("attestation certificate is not X.509 version 3")
        }
        var subject: [String: [String]] = [:]
        for relativeName in certificate.subject {
            for attribute in relativeName {
                subject[attribute.type.description, default: []].append(String(attribute.value) ?? "")
            }
        }
        func single(_ oid: String, _ name: String) throws(WebAuthnError) -> String {
            guard let values = subject[oid], values.count == 1, let value = values.first, !value.isEmpty else {
                throw .attestationInvalid("attestation certificate subject needs exactly one non-empty \(name)")
            }
            return value
        }
        let country = try single("2.5.4.6", "C")
        guard country.utf8.count == 2, country.utf8.allSatisfy({ (0x41...0x5a).contains($0) }) else {
            throw .attestationInvalid("attestation certificate subject C is not a two-letter country code")
        }
        _ = try single("2.5.4.10", "O")
        guard try single("2.5.4.11", "OU") == "Authenticator Attestation" else {
            throw .attestationInvalid("attestation certificate subject OU is not \"Authenticator Attestation\"")
        }
        _ = try single("2.5.4.3", "CN")

        // An absent basic constraints extension means "not a CA" (RFC 5280 §4.2.1.9); a present one must say so.
        let constraints: BasicConstraints?
        do {
            constraints = try certificate.extensions.basicConstraints
        } catch {
            throw .attestationInvalid("attestation certificate basic constraints do not parse")
        }
        if case .isCertificateAuthority = constraints {
            throw .attestationInvalid("attestation certificate is a CA certificate")
        }

        for certificateExtension in certificate.extensions
        where certificateExtension.oid.description == aaguidExtension {
            guard !certificateExtension.critical else {
                throw .attestationInvalid("AAGUID extension of the attestation certificate is critical")
            }
            // extnValue holds a DER OCTET STRING of the 16-byte AAGUID.
            guard Array(certificateExtension.value) == [0x04, 0x10] + aaguid else {
                throw .attestationInvalid("AAGUID of the attestation certificate is not the authenticator data's")
            }
        }
    }
}
