import Foundation
import RampartStore

/// The files of one Rampart installation, all under one folder.
public struct DataDirectory: Sendable {
    public let path: String

    public init(path: String) {
        self.path = (path as NSString).expandingTildeInPath
    }

    public var database: String { path + "/rampart.db" }
    public var masterKey: String { path + "/master.key" }
    /// The Ed25519 key that signs the trail's digests.
    public var trailSigningKey: String { path + "/audit-signing.key" }
    public var awsFolder: String { path + "/aws" }
    public var credentialsFile: String { awsFolder + "/credentials" }
    public var configFile: String { awsFolder + "/config" }
    public var lockFile: String { path + "/rampart.lock" }
    /// EventBridge's deliveries that failed for good, one JSON file each.
    public var deadLetters: String { path + "/dead-letters" }
    /// EventBridge's email alerts (targets that name an SNS topic), one message per file.
    public var outbox: String { path + "/outbox" }
    /// EventBridge deliveries waiting for a retry, resumed at the next start.
    public var pendingDeliveries: String { path + "/pending-deliveries" }

    /// Creates the folder (mode 0700) if it does not exist.
    public func prepare() throws {
        try FileManager.default.createDirectory(
            atPath: awsFolder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        chmod(path, 0o700)
    }

    /// Takes an exclusive lock so two servers never share one SQLite store. Held until exit.
    public func lock() throws {
        let descriptor = open(lockFile, O_RDWR | O_CREAT, 0o600)
        guard descriptor >= 0, flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            throw StoreError.database("another Rampart process is using \(path)")
        }
    }
}
