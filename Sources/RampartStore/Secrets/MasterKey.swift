import Crypto
import Foundation
import RampartCore

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

    /// A key of fresh random bytes.
    public static func random() -> MasterKey {
        MasterKey(key: SymmetricKey(size: .bits256))
    }

    private init(key: SymmetricKey) {
        self.key = key
    }

    /// A key for one purpose, derived so that compromise of one use reveals nothing of another.
    public func derived(for purpose: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: key, info: Data(purpose.utf8), outputByteCount: 32)
    }

    /// Four bytes naming the key in the header of every value sealed with it, so an opener picks the
    /// right key of a keyring at once (and names a missing one) instead of trying each.
    public var id: [UInt8] {
        Array(SHA256.hash(data: derived(for: "rampart master key id").withUnsafeBytes { Array($0) }).prefix(4))
    }

    /// `id` in hex, as the key rotation reports it.
    public var idHex: String { Hex.string(id) }

    /// The key file's line for this key.
    public var base64: String { key.withUnsafeBytes { Data($0).base64EncodedString() } }

    /// Names the key without revealing it (a hash of a key derived for nothing else): what instances
    /// sharing one database compare.
    public var fingerprint: String {
        let check = derived(for: "rampart master key fingerprint").withUnsafeBytes { Array($0) }
        return SHA256.hash(data: check).prefix(16).map { String(format: "%02x", $0) }.joined()
    }
}
