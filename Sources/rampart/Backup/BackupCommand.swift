import ArgumentParser
import Foundation
import RampartCore
import RampartServer
import RampartServices
import RampartStore

struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy a data folder's database (records and audit trail) into one backup file, online.",
        discussion: """
            The server may be running and writing: the copy is the database as it was at one commit \
            (SQLite's online backup API). The master key is never in the file in clear: without \
            --passphrase-file it is left out and must be kept apart (master.key and audit-signing.key); \
            with it, both keys are sealed under the passphrase (scrypt N=2^17 r=8 p=1, AES-256-GCM). \
            TLS files and the aws/ profile files are not backed up.
            """)

    @Option(name: .long, help: "The data folder to back up.")
    var data = "./data"

    @Option(name: .long, help: "The backup file to write.")
    var to: String

    @Option(name: .long, help: "A file holding a passphrase (12 characters or more) to seal the keys into the backup.")
    var passphraseFile: String?

    @Flag(name: .long, help: "Replace the backup file if it exists.")
    var force = false

    func run() async throws {
        let directory = DataDirectory(path: data)
        guard FileManager.default.fileExists(atPath: directory.database) else {
            throw BackupRefusal("no database at \(directory.database)")
        }
        if FileManager.default.fileExists(atPath: to), !force {
            throw BackupRefusal("\(to) exists; give --force to replace it")
        }
        let passphrase = try passphraseFile.map(PassphraseFile.read)
        if let passphrase, passphrase.count < BackupKeys.minimumPassphraseLength {
            throw BackupError.weakPassphrase(BackupKeys.minimumPassphraseLength)
        }
        let copy = to + ".database"
        unlink(copy)
        defer { unlink(copy) }
        let facts = try SQLiteBackup.copy(from: directory.database, to: copy)
        let database = try BackupFile.section("database", ofFile: copy)
        var sections = [database]
        var sealed: [UInt8]?
        var kdf: BackupKDF?
        if let passphrase {
            let keys = BackupKeys(
                masterKey: try String(contentsOfFile: directory.masterKey, encoding: .utf8),
                auditSigningKey: try? String(contentsOfFile: directory.trailSigningKey, encoding: .utf8))
            let parameters = BackupKDF.fresh()
            let bytes = try keys.sealed(passphrase: passphrase, kdf: parameters, databaseSHA256: database.sha256)
            sections.append(BackupFile.section("keys", of: bytes))
            sealed = bytes
            kdf = parameters
        }
        let header = BackupHeader(
            created: Date(), rampartVersion: RampartVersion.current, schemaVersion: facts.schemaVersion,
            trailEvents: facts.trailEvents, sections: sections, keys: passphrase == nil ? .excluded : .passphrase,
            kdf: kdf, auditPublicKey: try? TrailSigningKey.load(at: directory.trailSigningKey).verifyingKey.rawBase64)
        try BackupFile.write(header: header, database: copy, keys: sealed, to: to)
        Output.line(
            "Backed up \(directory.path) to \(to): database of \(database.bytes) bytes at schema version "
                + "\(facts.schemaVersion), \(facts.trailEvents) audit trail events, SHA-256 \(database.sha256).")
        if passphrase == nil {
            Output.line(
                "The master key is NOT in the backup. Keep a copy of \(directory.masterKey) and "
                    + "\(directory.trailSigningKey) apart from it: restore needs them "
                    + "(--master-key-file, --audit-signing-key-file).")
        } else {
            Output.line("The master key and the audit signing key are in the backup, sealed under the passphrase.")
        }
    }
}
