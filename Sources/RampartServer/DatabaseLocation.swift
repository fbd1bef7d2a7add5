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
}

extension DatabaseLocation {
    /// Why `rotate-master-key` is refused here, nil when it runs. Every instance of a fleet seals and
    /// opens with its own copy of the key file, and one instance re-sealing would leave the others
    /// unable to open what it wrote: a fleet rotation needs the new key handed to every instance first.
    var masterKeyRotationRefusal: String? {
        switch self {
        case .sqlite: nil
        case .postgres:
            "Master-key rotation is not supported on a PostgreSQL store yet: every instance of the fleet holds "
                + "its own copy of the key file, and one instance cannot hand a new key to the others."
        }
    }
}
