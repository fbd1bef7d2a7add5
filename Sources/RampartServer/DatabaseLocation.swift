import RampartPostgres

/// Which engine holds a server's records: the embedded default, or a PostgreSQL database shared
/// by several instances.
public enum DatabaseLocation: Sendable, CustomStringConvertible {
    case sqlite
    case postgres(PostgresDatabaseURL)

    public var description: String {
        switch self {
        case .sqlite: "SQLite (data folder)"
        case .postgres(let url): url.description
        }
    }

    /// The engine's name as OpenTelemetry spells it (`db.system.name`).
    var system: String {
        switch self {
        case .sqlite: "sqlite"
        case .postgres: "postgresql"
        }
    }
}
