import Crypto
import RampartStore

/// The HMAC key of recovery codes. Until the first master-key rotation it is derived from the
/// master key; the rotation stores it sealed (`SealedDataKey`), because the codes already printed
/// are kept only as MACs under it and must keep working.
enum RecoveryCodeKey {
    static func derived(from masterKey: MasterKey) -> SymmetricKey {
        masterKey.derived(for: "rampart recovery-codes v1")
    }

    static func load(_ ring: MasterKeyring, snapshot: StoreSnapshot, secrets: SecretBox) -> SymmetricKey {
        if let stored = snapshot.get(SealedDataKey.self, SealedDataKey.recoveryCodes),
            let bytes = try? secrets.open(
                stored.sealed, boundTo: SealedDataKey.sealingContext(SealedDataKey.recoveryCodes))
        {
            return SymmetricKey(data: bytes)
        }
        return derived(from: ring.primary)
    }

    static func bytes(_ key: SymmetricKey) -> [UInt8] {
        key.withUnsafeBytes { Array($0) }
    }
}
