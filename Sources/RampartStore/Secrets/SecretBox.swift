import Crypto
import Foundation
import RampartCore
import Synchronization

/// Seals secrets for storage with AES-256-GCM. Each ciphertext is bound to the row it belongs
/// to (its associated data, e.g. "access-key/AKIA…"), so a sealed value copied onto another
/// row fails to open instead of becoming that row's secret.
///
/// A sealed value starts with a header naming the master key that sealed it (`SealedHeader`), so
/// that during a key rotation each value opens with its own key and the rotation knows which
/// values are left. Values sealed before headers existed are opened by trying each key. A class:
/// the rotation installs a new keyring while requests are sealing and opening.
public final class SecretBox: Sendable {
    private struct Keys {
        var primaryId: [UInt8]
        var primary: SymmetricKey
        var byId: [[UInt8]: SymmetricKey]
        var all: [SymmetricKey]
    }

    private let keys: Mutex<Keys>

    public convenience init(masterKey: MasterKey) {
        self.init(keyring: MasterKeyring(primary: masterKey))
    }

    public init(keyring: MasterKeyring) {
        keys = Mutex(Self.keys(of: keyring))
    }

    /// From now on seals with the ring's primary and opens with any of its keys.
    public func install(_ keyring: MasterKeyring) {
        let next = Self.keys(of: keyring)
        keys.withLock { $0 = next }
    }

    private static func keys(of ring: MasterKeyring) -> Keys {
        let derived = ring.all.map { ($0.id, $0.derived(for: "rampart secret-box v1")) }
        return Keys(
            primaryId: ring.primary.id, primary: derived[0].1,
            byId: Dictionary(derived, uniquingKeysWith: { first, _ in first }), all: derived.map(\.1))
    }

    public func seal(_ plaintext: [UInt8], boundTo context: String) throws -> [UInt8] {
        let (id, key) = keys.withLock { ($0.primaryId, $0.primary) }
        let box = try AES.GCM.seal(plaintext, using: key, authenticating: Data(context.utf8))
        guard let combined = box.combined else { throw StoreError.database("AES-GCM produced no output") }
        return SealedHeader.prefix(keyId: id) + Array(combined)
    }

    public func open(_ sealed: [UInt8], boundTo context: String) throws -> [UInt8] {
        let state = keys.withLock { $0 }
        if let id = SealedHeader.keyId(of: sealed), let key = state.byId[id],
            let opened = try? Self.open(sealed.dropFirst(SealedHeader.count), key, context)
        {
            return opened
        }
        // No header, or a legacy value whose random nonce happens to look like one.
        for key in state.all {
            if let opened = try? Self.open(sealed[...], key, context) { return opened }
        }
        if let id = SealedHeader.keyId(of: sealed), state.byId[id] == nil {
            throw StoreError.database("sealed under master key \(Hex.string(id)), which is not in the key file")
        }
        throw StoreError.database("a sealed value does not open (altered, or bound to another row)")
    }

    /// Whether `sealed` carries the primary key's header: what a rotation has already done.
    public func isSealedWithPrimary(_ sealed: [UInt8]) -> Bool {
        let primary = keys.withLock { $0.primaryId }
        return SealedHeader.keyId(of: sealed) == primary
    }

    /// `sealed` opened and sealed again under the primary key; nil when it already is.
    public func resealed(_ sealed: [UInt8], boundTo context: String) throws -> [UInt8]? {
        if isSealedWithPrimary(sealed) { return nil }
        return try seal(try open(sealed, boundTo: context), boundTo: context)
    }

    private static func open(_ combined: ArraySlice<UInt8>, _ key: SymmetricKey, _ context: String) throws -> [UInt8] {
        let box = try AES.GCM.SealedBox(combined: combined)
        return Array(try AES.GCM.open(box, using: key, authenticating: Data(context.utf8)))
    }
}

/// The first bytes of a sealed value: "RK", format 1, and the sealing master key's id.
enum SealedHeader {
    static let magic: [UInt8] = [0x52, 0x4B, 0x01]
    static let count = magic.count + 4

    static func prefix(keyId: [UInt8]) -> [UInt8] { magic + keyId }

    static func keyId(of sealed: [UInt8]) -> [UInt8]? {
        guard sealed.count > count, sealed.starts(with: magic) else { return nil }
        return Array(sealed[magic.count..<count])
    }
}
