import ArgumentParser
import Foundation
import RampartPostgres
import RampartServer
import RampartServices
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

    private var databaseURL: String? {
        guard let url = database ?? ProcessInfo.processInfo.environment["RAMPART_DATABASE_URL"], !url.isEmpty else {
            return nil
        }
        return url
    }

    func source() throws -> any TrailExportSource {
        if let url = databaseURL {
            do {
                return try PostgresTrailArchive(url: try PostgresDatabaseURL(url))
            } catch let problem as PostgresDatabaseURL.Problem {
                throw ValidationError("--database: \(problem)")
            }
        }
        let path = DataDirectory(path: data).database
        guard FileManager.default.fileExists(atPath: path) else { throw ValidationError("no database at \(path)") }
        return try SQLiteTrailArchive(path: path, renderer: APICallFactsRenderer())
    }

    /// The public keys that have signed the trail, as the server keeps them once its signing key
    /// has rotated (in the data folder's database, or the PostgreSQL database of a fleet); nil before
    /// any rotation. `source` is what `source()` returned.
    func keyHistory(from source: any TrailExportSource) async throws -> TrailKeyHistory? {
        let body: Data?
        let place: String
        if let archive = source as? PostgresTrailArchive {
            place = "the PostgreSQL database"
            body = try await archive.recordBodies(kind: AuditSigningKeyHistory.kind, limit: 1).first
        } else {
            place = DataDirectory(path: data).database
            body = try SQLiteBackup.recordBodies(kind: AuditSigningKeyHistory.kind, limit: 1, in: place).first
        }
        guard let body else { return nil }
        do {
            return try JSONDecoder().decode(AuditSigningKeyHistory.self, from: body).history
        } catch {
            throw ValidationError("the audit signing key history in \(place) cannot be read: \(error)")
        }
    }

    func signingKey() throws -> TrailSigningKey {
        try TrailSigningKey.load(at: auditSigningKeyFile ?? DataDirectory(path: data).trailSigningKey)
    }
}
