import Foundation
import RampartCore
import RampartStore

/// Proves, before a restored folder is used, that a master key is the one the database's secrets
/// were sealed with: it opens the sealed secrets of a few access keys. A wrong key would otherwise
/// surface only later, as every signed request failing.
public enum BackupKeyCheck {
    /// Access keys tried; each one opens or the key is wrong.
    static let sample = 5

    /// The number of sealed secrets opened (0 when the database holds no access key). `masterKeys`
    /// is the key file's ring: a backup taken during a rotation holds secrets under both keys.
    @discardableResult
    public static func check(_ masterKeys: MasterKeyring, database path: String) throws -> Int {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        let box = SecretBox(keyring: masterKeys)
        let bodies = try SQLiteBackup.recordBodies(kind: AccessKey.kind, limit: sample, in: path)
        for body in bodies {
            guard let key = try? decoder.decode(AccessKey.self, from: body) else {
                throw BackupError.corrupt("an access key record cannot be decoded")
            }
            guard (try? box.open(key.sealedSecret, boundTo: AccessKeyMaterial.sealingContext(key.id))) != nil else {
                throw BackupError.wrongMasterKey("the secret of access key \(key.id) does not open")
            }
        }
        return bodies.count
    }
}
