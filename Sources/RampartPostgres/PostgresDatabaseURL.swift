import Foundation
import NIOSSL
import PostgresNIO

/// A `postgres://user:password@host:port/database?sslmode=…` URL (also `postgresql://`), as libpq
/// reads one, turned into the client's configuration. `sslmode` is `disable`, `prefer` (the
/// default, as libpq's), `require` (encrypted, certificate not checked) or `verify-full`
/// (encrypted, certificate checked against the system's or `sslrootcert`'s authorities and the host).
public struct PostgresDatabaseURL: Sendable, CustomStringConvertible {
    public let host: String
    public let port: Int
    public let username: String
    let password: String?
    public let database: String
    public let sslMode: String
    let rootCertificate: String?

    public enum Problem: Error, CustomStringConvertible, Equatable {
        case notPostgres(String)
        case missing(String)
        case unknownSSLMode(String)

        public var description: String {
            switch self {
            case .notPostgres(let scheme): "not a PostgreSQL URL (scheme \(scheme); expected postgres://)"
            case .missing(let part): "the database URL has no \(part)"
            case .unknownSSLMode(let mode):
                "unknown sslmode \(mode) (expected disable, prefer, require or verify-full)"
            }
        }
    }

    public init(_ text: String) throws(Problem) {
        guard let components = URLComponents(string: text), let scheme = components.scheme else {
            throw Problem.notPostgres("none")
        }
        guard scheme == "postgres" || scheme == "postgresql" else { throw Problem.notPostgres(scheme) }
        guard let host = components.host, !host.isEmpty else { throw Problem.missing("host") }
        guard let user = components.user, !user.isEmpty else { throw Problem.missing("user name") }
        self.host = host
        port = components.port ?? 5432
        username = user.removingPercentEncoding ?? user
        password = components.password.map { $0.removingPercentEncoding ?? $0 }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        database = path.isEmpty ? username : (path.removingPercentEncoding ?? path)
        let query = components.queryItems ?? []
        sslMode = query.last { $0.name == "sslmode" }?.value ?? "prefer"
        guard ["disable", "prefer", "require", "verify-full"].contains(sslMode) else {
            throw Problem.unknownSSLMode(sslMode)
        }
        rootCertificate = query.last { $0.name == "sslrootcert" }?.value
    }

    /// The URL with its password masked, for logs and `config check`.
    public var description: String {
        "postgres://\(username)\(password == nil ? "" : ":****")@\(host):\(port)/\(database)?sslmode=\(sslMode)"
    }

    func clientConfiguration() throws -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS
        switch security() {
        case .disable: tls = .disable
        case .prefer(let configuration): tls = .prefer(configuration)
        case .require(let configuration): tls = .require(configuration)
        }
        return PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tls)
    }

    /// For a single connection of its own (the working-set mode's record source).
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        switch security() {
        case .disable: tls = .disable
        case .prefer(let configuration): tls = .prefer(try NIOSSLContext(configuration: configuration))
        case .require(let configuration): tls = .require(try NIOSSLContext(configuration: configuration))
        }
        return PostgresConnection.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tls)
    }

    private enum Security {
        case disable
        case prefer(TLSConfiguration)
        case require(TLSConfiguration)
    }

    /// What `sslmode` asks for: `prefer` and `require` encrypt without checking the server's
    /// certificate (libpq's meaning), `verify-full` checks it against `sslrootcert` or the system's roots.
    private func security() -> Security {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let rootCertificate { configuration.trustRoots = .file(rootCertificate) }
        switch sslMode {
        case "disable":
            return .disable
        case "verify-full":
            return .require(configuration)
        case "require":
            configuration.certificateVerification = .none
            return .require(configuration)
        default:
            configuration.certificateVerification = .none
            return .prefer(configuration)
        }
    }
}
