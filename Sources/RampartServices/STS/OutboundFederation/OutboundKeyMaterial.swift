import Crypto
import CryptoExtras
import Foundation
import RampartCore
import RampartMFA
import RampartStore

/// Makes and uses the keys outbound tokens are signed with. A private key exists in clear only while
/// it is made or signs; at rest it is sealed with the master key, bound to its account and key id.
enum OutboundKeyMaterial {
    /// A new key for `algorithm`: RSA 2048 bits (the size AWS's own issuers publish) or P-384.
    static func generate(
        _ algorithm: OutboundSigningAlgorithm, account: AccountID, now: Date, secrets: SecretBox
    ) throws -> OutboundSigningKey {
        let keyId = Base64URL.encode(RandomBytes.make(16))
        let privateBytes: [UInt8]
        let members: [String: String]
        switch algorithm {
        case .rs256:
            let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
            let primitives = try key.publicKey.getKeyPrimitives()
            privateBytes = Array(key.derRepresentation)
            members = [
                "kty": "RSA", "n": Base64URL.encode(Array(primitives.modulus)),
                "e": Base64URL.encode(Array(primitives.publicExponent)),
            ]
        case .es384:
            let key = P384.Signing.PrivateKey()
            let point = Array(key.publicKey.x963Representation)  // 0x04 || x || y
            privateBytes = Array(key.rawRepresentation)
            members = [
                "kty": "EC", "crv": "P-384", "x": Base64URL.encode(point[1..<49]), "y": Base64URL.encode(point[49...]),
            ]
        }
        let sealed = try secrets.seal(
            privateBytes, boundTo: OutboundSigningKey.sealingContext(account: account, keyId: keyId))
        return OutboundSigningKey(
            keyId: keyId, algorithm: algorithm.rawValue, sealedPrivateKey: sealed, publicMembers: members,
            createdAt: now)
    }

    /// The JWS signature (RFC 7518, 3.3 and 3.4: ECDSA as fixed-width r || s) of `input` with `key`.
    static func sign(_ input: [UInt8], with key: OutboundSigningKey, account: AccountID, secrets: SecretBox) throws
        -> [UInt8]
    {
        let privateBytes = try secrets.open(
            key.sealedPrivateKey, boundTo: OutboundSigningKey.sealingContext(account: account, keyId: key.keyId))
        switch OutboundSigningAlgorithm(rawValue: key.algorithm) {
        case .rs256:
            let privateKey = try _RSA.Signing.PrivateKey(derRepresentation: privateBytes)
            return Array(
                try privateKey.signature(for: SHA256.hash(data: input), padding: .insecurePKCS1v1_5).rawRepresentation)
        case .es384:
            let privateKey = try P384.Signing.PrivateKey(rawRepresentation: privateBytes)
            return Array(try privateKey.signature(for: SHA384.hash(data: input)).rawRepresentation)
        case nil:
            throw AWSError.serviceFailure("An outbound signing key names an unknown algorithm.")
        }
    }

    /// The key as its issuer's JWKS publishes it.
    static func publicJWK(_ key: OutboundSigningKey) -> [String: String] {
        key.publicMembers.merging(["kid": key.keyId, "alg": key.algorithm, "use": "sig"]) { current, _ in current }
    }
}
