import ArgumentParser
import Foundation
import RampartPostgres
import RampartServer
import RampartServices
import RampartStore

/// `rampart store …`: moving a data folder's records between engines.
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store", abstract: "Move a data folder's records and audit trail into PostgreSQL.",
        subcommands: [StoreCopy.self])
}

struct StoreCopy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy a SQLite data folder (records, audit trail, digests) into an empty PostgreSQL database.",
        discussion: """
            The server must be stopped (the copy takes the data folder's lock). Everything is written in one \
            transaction; then each kind of record is counted and hashed on both sides, and the trail's events \
            and chain heads compared, and the command exits 1 if anything differs. The trail keeps its hash \
            chains, so `rampart audit verify --database URL` verifies it with the folder's audit public key. \
            Then start the instances with --database URL and the folder's key files \
            (--master-key-file DIR/master.key --audit-signing-key-file DIR/audit-signing.key).
            """)

    @Option(name: .long, help: "The data folder to copy from.")
    var from: String

    @Option(name: .long, help: ArgumentHelp("The PostgreSQL URL to copy into (an empty database).", valueName: "url"))
    var to: String

    func run() async throws {
        let directory = DataDirectory(path: from)
        guard FileManager.default.fileExists(atPath: directory.database) else {
            throw ValidationError("no Rampart database in \(from)")
        }
        let url: PostgresDatabaseURL
        do {
            url = try PostgresDatabaseURL(to)
        } catch {
            throw ValidationError("--to: \(error)")
        }
        try directory.lock()
        guard let text = try? String(contentsOfFile: directory.masterKey, encoding: .utf8) else {
            throw ValidationError("no master key at \(directory.masterKey)")
        }
        let masterKeys = try MasterKeyring(text: text)
        guard !masterKeys.isRotating else {
            throw ValidationError(
                "\(directory.masterKey) holds more than one key: a master-key rotation is in progress; "
                    + "start the server to let it finish, then copy")
        }
        let masterKey = masterKeys.primary
        let signingKey = try TrailSigningKey.load(at: directory.trailSigningKey)
        let report = try await PostgresStoreCopy(to: url).copy(
            from: try SQLiteStoreExport(path: directory.database, renderer: APICallFactsRenderer()),
            sharedKeys: [
                "master key": masterKey.fingerprint, "audit signing key": signingKey.verifyingKey.fingerprint,
            ])
        Output.line("kind                          records  checksum          in PostgreSQL")
        for kind in report.source.keys.sorted() {
            let source = report.source[kind]!
            let copied = report.destination[kind]
            let same = copied == source ? "same" : "DIFFERENT (\(copied?.count ?? 0) \(copied?.checksum ?? "-"))"
            Output.line(
                kind.padding(toLength: 28, withPad: " ", startingAt: 0) + String(format: "%9d", source.count)
                    + "  \(source.checksum)  \(same)")
        }
        guard report.mismatches.isEmpty else {
            Output.line("The copy differs from the source in: \(report.mismatches.joined(separator: ", ")).")
            throw ExitCode(1)
        }
        Output.line("Copied to \(url): every kind and the trail match.")
    }
}
