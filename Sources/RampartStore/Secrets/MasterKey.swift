import Crypto
import Foundation

/// The 256-bit key that seals every secret at rest. It lives in its own file (mode 0600)
/// beside the database, so a copy of the database alone reveals no secret.
public struct MasterKey: Sendable {
    let key: SymmetricKey

    public init(bytes: [UInt8]) throws(StoreError) {
        guard bytes.count == 32 else { throw StoreError.database("master key must be 32 bytes") }
        key = SymmetricKey(data: bytes)
    }

    /// The key file's text: base64 of the 32 bytes, surrounding whitespace ignored.
    public init(base64 text: String) throws(StoreError) {
        guard let decoded = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw StoreError.database("the master key is not base64")
        }
        try self.init(bytes: Array(decoded))
    }

    /// Reads the key file, or creates one with fresh random bytes and mode 0600.
    public static func loadOrCreate(at path: String) throws -> MasterKey {
        let manager = FileManager.default
        if manager.fileExists(atPath: path) {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            do {
                return try MasterKey(base64: String(decoding: data, as: UTF8.self))
            } catch {
                throw StoreError.database("master key file \(path): \(error)")
            }
        }
        let key = SymmetricKey(size: .bits256)
        let text = key.withUnsafeBytes { Data($0).base64EncodedString() } + "\n"
        try SecureFile.write(text, to: path)
        return try MasterKey(bytes: key.withUnsafeBytes { Array($0) })
    }

    /// A key for one purpose, derived so that compromise of one use reveals nothing of another.
    public func derived(for purpose: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: key, info: Data(purpose.utf8), outputByteCount: 32)
    }

    /// Names the key without revealing it (a hash of a key derived for nothing else): what instances
    /// sharing one database compare.
    public var fingerprint: String {
        let check = derived(for: "rampart master key fingerprint").withUnsafeBytes { Array($0) }
        return SHA256.hash(data: check).prefix(16).map { String(format: "%02x", $0) }.joined()
    }
}
