/// Failures of the storage engine itself (not of a request): the server reports them as
/// ServiceFailure and logs the detail.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    case database(String)
    case corruptRecord(kind: String, key: String)
    case unknownKind(String)

    public var description: String {
        switch self {
        case .database(let message): "database: \(message)"
        case .corruptRecord(let kind, let key): "cannot decode \(kind) record \(key)"
        case .unknownKind(let kind): "no record type registered for kind \(kind)"
        }
    }
}
