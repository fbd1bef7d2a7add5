import Crypto
import CryptoExtras
import Foundation
import RampartMFA
import RampartPolicy

/// One public key of an issuer's key set (RFC 7517), ready to verify: RSA (`kty: RSA`, `n`, `e`,
/// 2048 bits at least) or EC (`kty: EC`, `crv` P-256 or P-384, `x`, `y`). A key marked for another
/// use than signatures, or for one algorithm, verifies nothing else.
struct JSONWebKey: Sendable {
    enum Material: Sendable {
        case rsa(_RSA.Signing.PublicKey)
        case p256(P256.Signing.PublicKey)
        case p384(P384.Signing.PublicKey)
    }

    let keyId: String?
    let material: Material
    /// `alg` of the key, when the issuer pinned one.
    let algorithm: String?

    /// Nil for a key that cannot be used here (another key type, an encryption key, a short RSA
    /// modulus, a point off its curve): the rest of the set stays usable.
    init?(_ member: [String: Any]) {
        if let use = member["use"] as? String, use != "sig" { return nil }
        keyId = member["kid"] as? String
        algorithm = member["alg"] as? String
        switch member["kty"] as? String {
        case "RSA":
            guard let n = Self.bytes(member["n"]), let e = Self.bytes(member["e"]),
                let key = try? _RSA.Signing.PublicKey(n: n, e: e)
            else { return nil }
            material = .rsa(key)
        case "EC":
            let crv = member["crv"] as? String
            let size = crv == "P-256" ? 32 : crv == "P-384" ? 48 : 0
            guard size > 0, let x = Self.bytes(member["x"]), let y = Self.bytes(member["y"]), x.count == size,
                y.count == size
            else { return nil }
            let point = [0x04] + x + y
            if size == 32 {
                guard let key = try? P256.Signing.PublicKey(x963Representation: point) else { return nil }
                material = .p256(key)
            } else {
                guard let key = try? P384.Signing.PublicKey(x963Representation: point) else { return nil }
                material = .p384(key)
            }
        default:
            return nil
        }
    }

    private static func bytes(_ value: Any?) -> [UInt8]? {
        (value as? String).flatMap(Base64URL.decode)
    }

    /// Whether `signature` is this key's over `input` with `algorithm`. The algorithm must fit the
    /// key's type and curve (an RSA key never checks an ES256 signature), and the key's own `alg`
    /// when it has one.
    func verifies(_ signature: [UInt8], over input: [UInt8], with algorithm: JSONWebAlgorithm) -> Bool {
        if let pinned = self.algorithm, pinned != algorithm.rawValue { return false }
        switch (material, algorithm) {
        case (.rsa(let key), .rs256):
            return key.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: signature), for: SHA256.hash(data: input),
                padding: .insecurePKCS1v1_5)
        case (.rsa(let key), .rs384):
            return key.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: signature), for: SHA384.hash(data: input),
                padding: .insecurePKCS1v1_5)
        case (.rsa(let key), .rs512):
            return key.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: signature), for: SHA512.hash(data: input),
                padding: .insecurePKCS1v1_5)
        case (.p256(let key), .es256):
            // JWS carries ECDSA signatures as r || s, fixed width (RFC 7518, 3.4).
            guard signature.count == 64, let parsed = try? P256.Signing.ECDSASignature(rawRepresentation: signature)
            else { return false }
            return key.isValidSignature(parsed, for: SHA256.hash(data: input))
        case (.p384(let key), .es384):
            guard signature.count == 96, let parsed = try? P384.Signing.ECDSASignature(rawRepresentation: signature)
            else { return false }
            return key.isValidSignature(parsed, for: SHA384.hash(data: input))
        default:
            return false
        }
    }
}

/// An issuer's key set as its `jwks_uri` serves it: `{"keys": [...]}`.
struct JSONWebKeySet: Sendable {
    /// A key set larger than this is no issuer's; the fetch is refused rather than parsed.
    static let maximumKeys = 100

    let keys: [JSONWebKey]

    init?(json text: String) {
        guard let object = StrictJSON.object(text), let members = object["keys"] as? [Any],
            members.count <= Self.maximumKeys
        else { return nil }
        keys = members.compactMap { ($0 as? [String: Any]).flatMap(JSONWebKey.init) }
    }

    init(keys: [JSONWebKey]) {
        self.keys = keys
    }

    /// The keys a token with `keyId` may have been signed by: the one with that `kid`, or, for a
    /// token that names none, every key (issuers with a single key often leave `kid` out).
    func candidates(for keyId: String?) -> [JSONWebKey] {
        guard let keyId else { return keys }
        return keys.filter { $0.keyId == keyId }
    }
}
