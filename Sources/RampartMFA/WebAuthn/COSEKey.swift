import Crypto
import CryptoExtras

/// A credential public key in COSE_Key form (RFC 9052 §7, RFC 9053), limited to the algorithms in `COSEAlgorithm`:
/// - EC2 (kty 2) on P-256 (crv 1) with ES256 (alg -7): x and y of 32 bytes each, a point on the curve;
/// - OKP (kty 1) on Ed25519 (crv 6) with EdDSA (alg -8): x of 32 bytes;
/// - RSA (kty 3) with RS256 (alg -257): n (at least 2048 bits) and e.
///
/// WebAuthn requires `alg` in a credential public key, so a key without one is invalid. Any other algorithm number,
/// and EdDSA on another curve (Ed448), is `unsupportedAlgorithm`.
public struct COSEKey: Sendable, Equatable {
    public let algorithm: COSEAlgorithm
    /// The key's COSE encoding as the authenticator sent it, the form to store and to verify with later.
    public let bytes: [UInt8]
    private let verifier: Verifier

    private enum Verifier: Sendable {
        case p256(P256.Signing.PublicKey)
        case ed25519(Curve25519.Signing.PublicKey)
        case rsa(_RSA.Signing.PublicKey)
    }

    private enum Label {
        static let kty = 1
        static let alg = 3
        static let crv = -1
        static let x = -2
        static let y = -3
        static let n = -1
        static let e = -2
    }

    /// Parses a key stored as its COSE encoding: exactly one CBOR item.
    public init(bytes: [UInt8]) throws(WebAuthnError) {
        try self.init(cbor: CBOR(bytes: bytes), bytes: bytes)
    }

    /// Parses a key already decoded from `bytes` (as authenticator data does, where the key is followed by more).
    public init(cbor: CBOR, bytes: [UInt8]) throws(WebAuthnError) {
        guard let map = cbor.mapValue else { throw .invalidPublicKey("not a CBOR map") }
        guard let kty = map[Label.kty]?.intValue else { throw .invalidPublicKey("no integer kty") }
        guard let alg = map[Label.alg]?.intValue else { throw .invalidPublicKey("no integer alg") }
        let algorithm = try COSEAlgorithm(coseIdentifier: alg)

        func parameter(_ label: Int, _ name: String) throws(WebAuthnError) -> [UInt8] {
            guard let value = map[label]?.bytesValue else { throw .invalidPublicKey("no byte string \(name)") }
            return value
        }
        func require(kty expected: Int) throws(WebAuthnError) {
            guard kty == expected else { throw .invalidPublicKey("kty \(kty) does not fit \(algorithm)") }
        }

        switch algorithm {
        case .es256:
            try require(kty: 2)
            guard map[Label.crv]?.intValue == 1 else { throw .invalidPublicKey("ES256 key not on P-256 (crv 1)") }
            let x = try parameter(Label.x, "x")
            let y = try parameter(Label.y, "y")
            guard x.count == 32, y.count == 32 else { throw .invalidPublicKey("P-256 coordinates must be 32 bytes") }
            do {
                verifier = .p256(try P256.Signing.PublicKey(x963Representation: [0x04] + x + y))
            } catch {
                throw .invalidPublicKey("not a point on P-256")
            }
        case .eddsa:
            try require(kty: 1)
            guard let curve = map[Label.crv]?.intValue else { throw .invalidPublicKey("no integer crv") }
            // Ed448 (crv 7) and anything else: only Ed25519 is verified here.
            guard curve == 6 else { throw .unsupportedAlgorithm(alg) }
            let x = try parameter(Label.x, "x")
            guard x.count == 32 else { throw .invalidPublicKey("Ed25519 key must be 32 bytes") }
            do {
                verifier = .ed25519(try Curve25519.Signing.PublicKey(rawRepresentation: x))
            } catch {
                throw .invalidPublicKey("not an Ed25519 key")
            }
        case .rs256:
            try require(kty: 3)
            let n = try parameter(Label.n, "n")
            let e = try parameter(Label.e, "e")
            do {
                verifier = .rsa(try _RSA.Signing.PublicKey(n: n, e: e))
            } catch {
                throw .invalidPublicKey("not an RSA key of at least 2048 bits")
            }
        }
        self.algorithm = algorithm
        self.bytes = bytes
    }

    /// Whether `signature` is this key's signature of `data` under its algorithm. ES256 signatures are DER-encoded
    /// ECDSA-Sig-Value as WebAuthn specifies; a signature that does not parse is simply not valid.
    public func verify(signature: [UInt8], data: [UInt8]) -> Bool {
        switch verifier {
        case .p256(let key):
            guard let parsed = try? P256.Signing.ECDSASignature(derRepresentation: signature) else { return false }
            return key.isValidSignature(parsed, for: data)
        case .ed25519(let key):
            return key.isValidSignature(signature, for: data)
        case .rsa(let key):
            return key.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: signature), for: SHA256.hash(data: data),
                padding: .insecurePKCS1v1_5)
        }
    }

    public static func == (lhs: COSEKey, rhs: COSEKey) -> Bool {
        lhs.algorithm == rhs.algorithm && lhs.bytes == rhs.bytes
    }
}
