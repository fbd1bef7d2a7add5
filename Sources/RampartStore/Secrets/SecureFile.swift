import Foundation

/// Writes files that hold secrets: created with mode 0600 before any byte is written, so
/// there is no moment when another user could read them.
public enum SecureFile {
    public static func write(_ text: String, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { throw StoreError.database("cannot create \(path): errno \(errno)") }
        defer { close(descriptor) }
        fchmod(descriptor, 0o600)
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            guard written > 0 else { throw StoreError.database("cannot write \(path): errno \(errno)") }
            offset += written
        }
    }

    /// Writes `text` to a new file beside `path` and renames it over `path`, so readers see the old
    /// contents or the new, never part of them. The new file's name is this process's own, so that
    /// instances of a fleet replacing one shared key file at once never write into each other's.
    public static func replace(_ path: String, with text: String) throws {
        let staging = path + ".new-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try write(text, to: staging)
        guard rename(staging, path) == 0 else {
            throw StoreError.database("cannot replace \(path): errno \(errno)")
        }
    }
}
