import Crypto
import Foundation

/// The key files of a data folder that a backup may carry: the master key that seals every
/// secret, and the key that signs the trail's digests. Never written anywhere in clear: either
/// left out of the backup or sealed here under a passphrase.
public struct BackupKeys: Codable, Sendable, Equatable {
    /// The master key file's contents (base64 text of 32 bytes, as `MasterKey` writes it).
    public var masterKey: String
    /// The audit signing key file's contents, when the folder has one.
    public var auditSigningKey: String?

    public static let minimumPassphraseLength = 12

    public init(masterKey: String, auditSigningKey: String?) {
        self.masterKey = masterKey
        self.auditSigningKey = auditSigningKey
    }

    /// AES-256-GCM under the passphrase's key. The associated data binds the sealed keys to the
    /// database section they came with, so keys moved onto another backup's database fail to open.
    public func sealed(passphrase: String, kdf: BackupKDF, databaseSHA256: String) throws -> [UInt8] {
        guard passphrase.count >= Self.minimumPassphraseLength else {
            throw BackupError.weakPassphrase(Self.minimumPassphraseLength)
        }
        let box = try AES.GCM.seal(
            try JSONEncoder().encode(self), using: try kdf.key(passphrase: passphrase),
            authenticating: Self.associatedData(databaseSHA256))
        guard let combined = box.combined else { throw BackupError.corrupt("AES-GCM produced no output") }
        return Array(combined)
    }

    /// Opens what `sealed` wrote; a wrong passphrase and a changed section fail alike.
    public init(sealed: [UInt8], passphrase: String, kdf: BackupKDF, databaseSHA256: String) throws(BackupError) {
        let key = try kdf.key(passphrase: passphrase)
        guard let box = try? AES.GCM.SealedBox(combined: sealed),
            let plaintext = try? AES.GCM.open(box, using: key, authenticating: Self.associatedData(databaseSHA256))
        else { throw .wrongPassphrase }
        guard let keys = try? JSONDecoder().decode(BackupKeys.self, from: plaintext) else {
            throw .corrupt("the sealed keys are not in this format")
        }
        self = keys
    }

    private static func associatedData(_ databaseSHA256: String) -> Data {
        Data("rampart backup keys v1 \(databaseSHA256)".utf8)
    }
}
