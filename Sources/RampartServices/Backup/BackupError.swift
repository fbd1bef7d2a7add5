/// Why a backup could not be written, read or restored; each message names what to do.
public enum BackupError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file does not start as a Rampart backup does.
    case notABackup(String)
    /// A format version this build does not read.
    case unsupportedFormat(Int)
    /// A size or SHA-256 does not match the header: the file was cut short or changed.
    case corrupt(String)
    /// The passphrase does not open the backup's keys (or they were changed).
    case wrongPassphrase
    /// The master key given does not open the backup's sealed secrets.
    case wrongMasterKey(String)
    /// What the restore needs and was not given.
    case missingKeys(String)
    /// A passphrase that is too short to protect the keys.
    case weakPassphrase(Int)
    /// A file that cannot be read, created or renamed (the message says which and why).
    case file(String)

    public var description: String {
        switch self {
        case .notABackup(let why): "not a Rampart backup: \(why)"
        case .unsupportedFormat(let version): "backup format version \(version) is not one this build reads (1)"
        case .corrupt(let why): "the backup is corrupt: \(why)"
        case .wrongPassphrase: "the passphrase does not open the backup's keys"
        case .wrongMasterKey(let why): "the master key does not open the backup's sealed secrets: \(why)"
        case .missingKeys(let what): what
        case .weakPassphrase(let minimum): "the passphrase must be at least \(minimum) characters"
        case .file(let why): why
        }
    }
}
