import Crypto
import Foundation

/// Seals secrets for storage with AES-256-GCM. Each ciphertext is bound to the row it belongs
/// to (its associated data, e.g. "access-key/AKIA…"), so a sealed value copied onto another
/// row fails to open instead of becoming that row's secret.
public struct SecretBox: Sendable {
    private let key: SymmetricKey

    public init(masterKey: MasterKey) {
        key = masterKey.derived(for: "rampart secret-box v1")
    }

    public func seal(_ plaintext: [UInt8], boundTo context: String) throws -> [UInt8] {
        let box = try AES.GCM.seal(plaintext, using: key, authenticating: Data(context.utf8))
        guard let combined = box.combined else { throw StoreError.database("AES-GCM produced no output") }
        return Array(combined)
    }

    public func open(_ sealed: [UInt8], boundTo context: String) throws -> [UInt8] {
        let box = try AES.GCM.SealedBox(combined: sealed)
        return Array(try AES.GCM.open(box, using: key, authenticating: Data(context.utf8)))
    }
}
