import Crypto
import CryptoExtras
import Foundation
import RampartCore

/// How a passphrase becomes the AES-256 key that seals a backup's keys: scrypt with the cost
/// written beside the salt, so a later build can raise the cost and still open older backups.
/// The default, N = 2^17, r = 8, p = 1 (128 MiB, about 0.4 s on one core of the reference
/// machine), is four times the password hash's cost: a backup file can be attacked offline for
/// as long as it exists.
public struct BackupKDF: Codable, Sendable, Equatable {
    public var algorithm: String
    public var n: Int
    public var r: Int
    public var p: Int
    /// Base64 of 16 random bytes.
    public var salt: String

    public static let defaultCost = (n: 1 << 17, r: 8, p: 1)

    public init(n: Int = defaultCost.n, r: Int = defaultCost.r, p: Int = defaultCost.p, salt: [UInt8]) {
        algorithm = "scrypt"
        self.n = n
        self.r = r
        self.p = p
        self.salt = Data(salt).base64EncodedString()
    }

    /// Fresh parameters for a new backup.
    public static func fresh() -> BackupKDF { BackupKDF(salt: RandomBytes.make(16)) }

    /// The sealing key; refuses parameters no backup of ours has (a hostile header must not make
    /// the restore allocate gigabytes).
    public func key(passphrase: String) throws(BackupError) -> SymmetricKey {
        guard algorithm == "scrypt", n >= 1 << 14, n <= 1 << 20, n & (n - 1) == 0, (1...32).contains(r),
            (1...16).contains(p), let saltBytes = Data(base64Encoded: salt), saltBytes.count >= 16
        else { throw .corrupt("the key derivation parameters are not ones Rampart writes") }
        do {
            return try KDF.Scrypt.deriveKey(
                from: Array(passphrase.utf8), salt: Array(saltBytes), outputByteCount: 32, rounds: n, blockSize: r,
                parallelism: p)
        } catch {
            throw .corrupt("scrypt failed: \(error)")
        }
    }

    enum CodingKeys: String, CodingKey {
        case algorithm, n = "N", r, p, salt
    }
}
