import Foundation

/// The master keys a server holds: the primary, which seals everything new, and the previous
/// keys of a rotation in progress, which only open what is not yet re-sealed.
///
/// The key file holds one key per line (base64 of 32 bytes), the primary first. Outside a
/// rotation it holds one line, as it always did; `rampart admin rotate-master-key` writes the new
/// key above the old one, re-seals every secret, then writes the new key alone again (the old
/// one moves to `<file>.retired-<id>`, for backups taken before the rotation).
public struct MasterKeyring: Sendable {
    public let primary: MasterKey
    public let previous: [MasterKey]

    public init(primary: MasterKey, previous: [MasterKey] = []) {
        self.primary = primary
        self.previous = previous.filter { $0.id != primary.id }
    }

    /// The key file's text: one base64 key per line, the primary first; blank lines ignored.
    public init(text: String) throws(StoreError) {
        var keys = [MasterKey]()
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            keys.append(try MasterKey(base64: trimmed))
        }
        guard let first = keys.first else { throw StoreError.database("the master key file holds no key") }
        self.init(primary: first, previous: Array(keys.dropFirst()))
    }

    public var text: String {
        ([primary] + previous).map { $0.base64 + "\n" }.joined()
    }

    /// Every key, the primary first.
    public var all: [MasterKey] { [primary] + previous }

    /// Whether a rotation left keys to retire: secrets may still be sealed under them.
    public var isRotating: Bool { !previous.isEmpty }

    /// Reads the key file, or creates one with a fresh key and mode 0600.
    public static func loadOrCreate(at path: String) throws -> MasterKeyring {
        if FileManager.default.fileExists(atPath: path) { return try load(at: path) }
        let ring = MasterKeyring(primary: .random())
        try SecureFile.write(ring.text, to: path)
        return ring
    }

    public static func load(at path: String) throws -> MasterKeyring {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        do {
            return try MasterKeyring(text: String(decoding: data, as: UTF8.self))
        } catch {
            throw StoreError.database("master key file \(path): \(error)")
        }
    }

    /// Replaces the key file in one step (a new file renamed over the old), so a crash leaves either
    /// the old ring or the new one, never half of one.
    public func write(to path: String) throws {
        try SecureFile.replace(path, with: text)
    }
}
