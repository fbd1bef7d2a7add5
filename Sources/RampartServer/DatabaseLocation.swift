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

extension DatabaseLocation {
    /// Why key rotations are refused here, nil when they run. Every instance of a fleet seals, opens
    /// and signs with its own copy of the key files, and one instance rotating would leave the others
    /// unable to open what it wrote: a fleet rotation needs the new key handed to every instance first.
    var keyRotationRefusal: String? {
        switch self {
        case .sqlite: nil
        case .postgres:
            "Key rotation is not supported on a PostgreSQL store yet: every instance of the fleet holds its "
                + "own copy of the key files, and one instance cannot hand a new key to the others."
        }
    }
}
