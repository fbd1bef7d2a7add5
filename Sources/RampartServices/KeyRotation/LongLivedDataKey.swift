import Crypto
import RampartStore

/// A key that must outlive the master key it was first derived from. Until the first master-key
/// rotation it is derived from the master key; the rotation stores it sealed (`SealedDataKey`),
/// because what was made with it must keep working afterwards: recovery codes are kept only as
/// MACs under their key, and encoded authorization messages are handed to clients, who may decode
/// them after the rotation and after a restart with the new key file alone.
struct LongLivedDataKey: Sendable {
    /// The `SealedDataKey` purpose it is stored under.
    let purpose: String
    /// The derivation label (HKDF info) used with the master key.
    let label: String

    static let recoveryCodes = LongLivedDataKey(
        purpose: SealedDataKey.recoveryCodes, label: "rampart recovery-codes v1")
    static let authorizationMessages = LongLivedDataKey(
        purpose: SealedDataKey.authorizationMessages, label: "rampart authorization-message v1")
    /// What a rotation stores before the first master key goes.
    static let all = [recoveryCodes, authorizationMessages]

    func derived(from masterKey: MasterKey) -> SymmetricKey {
        masterKey.derived(for: label)
    }

    /// The stored key, or the one derived from the ring's primary before any rotation stored it.
    func load(_ ring: MasterKeyring, snapshot: StoreSnapshot, secrets: SecretBox) -> SymmetricKey {
        if let stored = snapshot.get(SealedDataKey.self, purpose),
            let bytes = try? secrets.open(stored.sealed, boundTo: SealedDataKey.sealingContext(purpose))
        {
            return SymmetricKey(data: bytes)
        }
        return derived(from: ring.primary)
    }

    /// The record a rotation stores, sealed under the current primary (`current` is its ring).
    func sealed(from current: MasterKeyring, secrets: SecretBox) throws -> SealedDataKey {
        SealedDataKey(
            purpose: purpose,
            sealed: try secrets.seal(
                Self.bytes(derived(from: current.primary)), boundTo: SealedDataKey.sealingContext(purpose)))
    }

    static func bytes(_ key: SymmetricKey) -> [UInt8] {
        key.withUnsafeBytes { Array($0) }
    }
}
