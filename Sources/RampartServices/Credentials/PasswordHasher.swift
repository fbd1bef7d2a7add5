import Crypto
import CryptoExtras
import Foundation
import RampartCore

/// Hashes passwords with scrypt. The default cost (N = 2^15, r = 8, p = 1) takes about 0.1 s
/// on one core of the reference machine: slow enough to make offline guessing expensive,
/// fast enough for interactive sign-in. Parameters are stored with each hash, so raising the
/// cost later leaves old hashes verifiable.
public struct PasswordHasher: Sendable {
    public var rounds: Int
    public var blockSize: Int
    public var parallelism: Int

    public init(rounds: Int = 1 << 15, blockSize: Int = 8, parallelism: Int = 1) {
        self.rounds = rounds
        self.blockSize = blockSize
        self.parallelism = parallelism
    }

    public func hash(_ password: String) throws -> PasswordHash {
        let salt = RandomBytes.make(16)
        let parameters = ["N": rounds, "r": blockSize, "p": parallelism]
        return PasswordHash(
            algorithm: "scrypt", parameters: parameters, salt: salt,
            hash: try derive(password, salt: salt, parameters: parameters))
    }

    /// Constant-time comparison of the derived key; false for unknown algorithms.
    public func verify(_ password: String, against stored: PasswordHash) -> Bool {
        guard stored.algorithm == "scrypt",
            let derived = try? derive(password, salt: stored.salt, parameters: stored.parameters)
        else { return false }
        return ConstantTime.equal(derived, stored.hash)
    }

    private func derive(_ password: String, salt: [UInt8], parameters: [String: Int]) throws -> [UInt8] {
        let key = try KDF.Scrypt.deriveKey(
            from: Array(password.utf8), salt: salt, outputByteCount: 32, rounds: parameters["N"] ?? rounds,
            blockSize: parameters["r"] ?? blockSize, parallelism: parameters["p"] ?? parallelism)
        return key.withUnsafeBytes { Array($0) }
    }
}
