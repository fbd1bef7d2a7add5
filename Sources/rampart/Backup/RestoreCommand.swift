import ArgumentParser
import Foundation
import RampartServer
import RampartServices
import RampartStore

struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a backup file and restore it into a data folder that no server is using.",
        discussion: """
            Nothing is written into the folder until the file has passed every check: each section's \
            length and SHA-256, SQLite's integrity check, a schema version this build knows, and the \
            master key opening the secrets of the backup's access keys.
            """)

    @Option(name: .long, help: "The backup file `rampart backup` wrote.")
    var from: String

    @Option(name: .long, help: "The data folder to restore into (new or empty, or any with --force).")
    var data: String

    @Option(name: .long, help: "The passphrase file the backup's keys were sealed with.")
    var passphraseFile: String?

    @Option(name: .long, help: "The master key file, for a backup taken without a passphrase.")
    var masterKeyFile: String?

    @Option(name: .long, help: "The audit signing key file, for a backup taken without a passphrase.")
    var auditSigningKeyFile: String?

    @Flag(name: .long, help: "Restore over a data folder that has files (its database and keys are replaced).")
    var force = false

    func validate() throws {
        if passphraseFile != nil, masterKeyFile != nil {
            throw ValidationError("give --passphrase-file or --master-key-file, not both")
        }
    }

    func run() async throws {
        let directory = DataDirectory(path: data)
        let manager = FileManager.default
        let existed = manager.fileExists(atPath: directory.path)
        let names = (try? manager.contentsOfDirectory(atPath: directory.path)) ?? []
        if names.contains(where: { $0 != "rampart.lock" }), !force {
            throw BackupRefusal("\(directory.path) is not empty; give --force to restore over it")
        }
        try manager.createDirectory(
            atPath: directory.path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        do {
            try restore(into: directory)
        } catch {
            // A folder this command made holds nothing of use after a refusal: leave no trace.
            if !existed { try? manager.removeItem(atPath: directory.path) }
            throw error
        }
    }

    private func restore(into directory: DataDirectory) throws {
        // Held until this process exits: a server starting on the folder meanwhile stops at once,
        // and a server already running on it stops the restore here.
        try directory.lock()
        let staging = directory.database + ".restoring"
        unlink(staging)
        defer { unlink(staging) }
        let contents = try BackupFile.read(from, databaseTo: staging)
        let facts = try SQLiteBackup.check(staging)
        let keys = try keys(for: contents)
        let masterKeys = try MasterKeyring(text: keys.masterKey)
        let opened = try BackupKeyCheck.check(masterKeys, database: staging)
        let signingNote = try checkSigningKey(keys.auditSigningKey, against: contents.header, in: directory)

        for suffix in ["", "-wal", "-shm", "-journal"] { unlink(directory.database + suffix) }
        try SecureFile.write(keys.masterKey, to: directory.masterKey)
        if let signing = keys.auditSigningKey { try SecureFile.write(signing, to: directory.trailSigningKey) }
        try directory.prepare()
        guard rename(staging, directory.database) == 0 else {
            throw BackupRefusal("cannot move the restored database into place: errno \(errno)")
        }
        Output.line(
            "Restored \(from) (taken \(contents.header.created.formatted(.iso8601)) by Rampart "
                + "\(contents.header.rampartVersion)) into \(directory.path): schema version \(facts.schemaVersion), "
                + "\(facts.trailEvents) audit trail events, the master key opened \(opened) sealed secrets.")
        if let signingNote { Output.line(signingNote) }
    }

    /// The key files' contents, from the backup (sealed) or from the files given.
    private func keys(for contents: BackupFile.Contents) throws -> BackupKeys {
        if let masterKeyFile {
            guard let master = try? String(contentsOfFile: masterKeyFile, encoding: .utf8) else {
                throw BackupRefusal("cannot read the master key file \(masterKeyFile)")
            }
            var signing: String?
            if let auditSigningKeyFile {
                guard let text = try? String(contentsOfFile: auditSigningKeyFile, encoding: .utf8) else {
                    throw BackupRefusal("cannot read the audit signing key file \(auditSigningKeyFile)")
                }
                signing = text
            }
            return BackupKeys(masterKey: master, auditSigningKey: signing)
        }
        guard contents.header.keys == .passphrase, let sealed = contents.sealedKeys, let kdf = contents.header.kdf
        else {
            throw BackupError.missingKeys(
                "this backup does not hold the master key: give --master-key-file (and --audit-signing-key-file)")
        }
        guard let passphraseFile else {
            throw BackupError.missingKeys("this backup's keys are sealed: give --passphrase-file")
        }
        let database = contents.header.section("database")?.sha256 ?? ""
        return try BackupKeys(
            sealed: sealed, passphrase: try PassphraseFile.read(passphraseFile), kdf: kdf, databaseSHA256: database)
    }

    /// Refuses a signing key that did not sign the backup's digests; says what to do without one.
    private func checkSigningKey(_ text: String?, against header: BackupHeader, in directory: DataDirectory) throws
        -> String?
    {
        guard let text else {
            guard let old = header.auditPublicKey else { return nil }
            // A folder restored over may hold the very key (kept then); any other would sign the
            // restored trail's next digests with a key its earlier digests do not know.
            let present = try? TrailSigningKey.load(at: directory.trailSigningKey).verifyingKey.rawBase64
            if present == old { return nil }
            unlink(directory.trailSigningKey)
            return "No audit signing key restored: the server makes a new one. Digests written before the backup "
                + "verify with the old public key: rampart audit verify --public-key FILE, FILE holding \(old)"
        }
        let key = try TrailSigningKey(base64: text)
        if let expected = header.auditPublicKey, key.verifyingKey.rawBase64 != expected {
            throw BackupRefusal("the audit signing key is not the one that signed this backup's digests")
        }
        return nil
    }
}
