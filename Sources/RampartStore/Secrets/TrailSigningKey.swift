import Crypto
import Foundation
import RampartCore

/// The Ed25519 key that signs the trail's digests. It lives in its own file (mode 0600) beside
/// the master key; its public half (`TrailVerifyingKey`) is what anyone checks digests with, so
/// a third party can verify a copy of the trail without any secret of the server.
public struct TrailSigningKey: Sendable {
    let key: Curve25519.Signing.PrivateKey

    public init(rawRepresentation bytes: [UInt8]) throws(StoreError) {
        do {
            key = try Curve25519.Signing.PrivateKey(rawRepresentation: bytes)
        } catch {
            throw StoreError.database("audit signing key must be 32 bytes")
        }
    }

    private init(key: Curve25519.Signing.PrivateKey) {
        self.key = key
    }

    /// A fresh key.
    public static func random() -> TrailSigningKey {
        TrailSigningKey(key: Curve25519.Signing.PrivateKey())
    }

    /// Reads the key file, or creates one with a fresh key and mode 0600.
    public static func loadOrCreate(at path: String) throws -> TrailSigningKey {
        if FileManager.default.fileExists(atPath: path) { return try load(at: path) }
        let key = random()
        try SecureFile.write(key.fileText, to: path)
        return key
    }

    /// The 32 raw private key bytes (a fleet keeps them sealed in the store, so every instance signs
    /// with the key a rotation made).
    public var rawBytes: [UInt8] { Array(key.rawRepresentation) }

    /// The key file's text: base64 of the 32 raw bytes.
    var fileText: String { key.rawRepresentation.base64EncodedString() + "\n" }

    /// Replaces the key file in one step (a new file renamed over the old): a crash leaves one key or
    /// the other, never a torn file.
    public func write(to path: String) throws {
        try SecureFile.replace(path, with: fileText)
    }

    public static func load(at path: String) throws -> TrailSigningKey {
        do {
            return try TrailSigningKey(base64: try String(contentsOfFile: path, encoding: .utf8))
        } catch let error as StoreError {
            throw StoreError.database("audit signing key file \(path): \(error)")
        }
    }

    /// The key file's text: base64 of the 32 raw bytes, surrounding whitespace ignored.
    public init(base64 text: String) throws(StoreError) {
        guard let bytes = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw StoreError.database("the audit signing key is not base64")
        }
        try self.init(rawRepresentation: Array(bytes))
    }

    public var verifyingKey: TrailVerifyingKey {
        TrailVerifyingKey(key: key.publicKey)
    }

    /// The digest with its signature set.
    public func sign(_ digest: TrailDigest) throws -> TrailDigest {
        var signed = digest
        signed.signature = Array(try key.signature(for: digest.canonical))
        return signed
    }

    /// A signature of any bytes: the export's digest files sign their own signing string.
    public func signature(for bytes: [UInt8]) throws -> [UInt8] {
        Array(try key.signature(for: bytes))
    }
}

/// The public half of `TrailSigningKey`: checks digest signatures.
public struct TrailVerifyingKey: Sendable {
    let key: Curve25519.Signing.PublicKey

    init(key: Curve25519.Signing.PublicKey) {
        self.key = key
    }

    /// The DER of an Ed25519 SubjectPublicKeyInfo (RFC 8410) before its 32 key bytes.
    private static let spkiPrefix: [UInt8] = [
        0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00,
    ]

    /// Reads a PEM `PUBLIC KEY` (as `pem` writes it) or the 32 raw bytes in base64.
    public init(text: String) throws(StoreError) {
        let body = text.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard var bytes = Data(base64Encoded: body).map(Array.init) else {
            throw StoreError.database("public key is neither PEM nor base64")
        }
        if bytes.count == Self.spkiPrefix.count + 32, bytes.starts(with: Self.spkiPrefix) {
            bytes.removeFirst(Self.spkiPrefix.count)
        }
        do {
            key = try Curve25519.Signing.PublicKey(rawRepresentation: bytes)
        } catch {
            throw StoreError.database("public key is not an Ed25519 key")
        }
    }

    public var rawBase64: String { key.rawRepresentation.base64EncodedString() }

    /// PEM `PUBLIC KEY` (SubjectPublicKeyInfo), which `openssl pkey -pubin` reads.
    public var pem: String {
        let der = Data(Self.spkiPrefix + Array(key.rawRepresentation))
        return "-----BEGIN PUBLIC KEY-----\n\(der.base64EncodedString())\n-----END PUBLIC KEY-----\n"
    }

    public func isValidSignature(of digest: TrailDigest) -> Bool {
        key.isValidSignature(digest.signature, for: digest.canonical)
    }

    public func isValidSignature(_ signature: [UInt8], for bytes: [UInt8]) -> Bool {
        key.isValidSignature(signature, for: bytes)
    }

    /// 32 hex digits naming the key, as a digest file's `digestPublicKeyFingerprint` does (AWS's
    /// is as long): the first half of the SHA-256 of the raw public key.
    public var fingerprint: String {
        Hex.string(SHA256.hash(data: key.rawRepresentation).prefix(16))
    }
}
