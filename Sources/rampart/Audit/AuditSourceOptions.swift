import ArgumentParser
import Foundation
import RampartPostgres
import RampartServer
import RampartStore

/// Where `rampart audit verify` and `export` read the trail: the data folder's SQLite database,
/// read-only, or a PostgreSQL database (`--database`, or `RAMPART_DATABASE_URL`); and the signing key.
struct AuditSourceOptions: ParsableArguments {
    @Option(name: .long, help: "The data folder.")
    var data = "./data"

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A PostgreSQL URL to read the trail from instead of the data folder's SQLite database "
                + "(also RAMPART_DATABASE_URL).", valueName: "url"))
    var database: String?

    @Option(name: .long, help: "The audit trail's signing key file (default: DATA/audit-signing.key).")
    var auditSigningKeyFile: String?

    func source() throws -> any TrailExportSource {
        if let url = database ?? ProcessInfo.processInfo.environment["RAMPART_DATABASE_URL"], !url.isEmpty {
            do {
                return try PostgresTrailArchive(url: try PostgresDatabaseURL(url))
            } catch let problem as PostgresDatabaseURL.Problem {
                throw ValidationError("--database: \(problem)")
            }
        }
        let path = DataDirectory(path: data).database
        guard FileManager.default.fileExists(atPath: path) else { throw ValidationError("no database at \(path)") }
        return try SQLiteTrailArchive(path: path)
    }

    /// The public keys that have signed the trail, as the server keeps them once its signing key
    /// has rotated; nil before any rotation (and on PostgreSQL, where rotation is refused).
    func keyHistory() throws -> TrailKeyHistory? {
        if let url = database ?? ProcessInfo.processInfo.environment["RAMPART_DATABASE_URL"], !url.isEmpty {
            return nil
        }
        let path = DataDirectory(path: data).database
        guard let body = try SQLiteBackup.recordBodies(kind: AuditSigningKeyHistory.kind, limit: 1, in: path).first
        else { return nil }
        do {
            return try JSONDecoder().decode(AuditSigningKeyHistory.self, from: body).history
        } catch {
            throw ValidationError("the audit signing key history in \(path) cannot be read: \(error)")
        }
    }

    func signingKey() throws -> TrailSigningKey {
        try TrailSigningKey.load(at: auditSigningKeyFile ?? DataDirectory(path: data).trailSigningKey)
    }
}
