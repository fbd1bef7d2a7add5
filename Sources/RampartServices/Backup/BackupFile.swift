import Crypto
import Foundation
import RampartCore

/// Writes and reads backup files: `BackupHeader`'s two lines, then the `database` section (a
/// SQLite file) and, when the keys are sealed with a passphrase, the `keys` section. Sections
/// are streamed in blocks, so a backup of any size takes constant memory.
public enum BackupFile {
    static let blockSize = 1 << 20
    /// The sealed keys are a few hundred bytes; a larger section is not one Rampart wrote.
    static let maximumKeysSection: Int64 = 64 * 1024

    /// The section `name` for the bytes of a file, read block by block.
    public static func section(_ name: String, ofFile path: String) throws -> BackupHeader.Section {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw BackupError.file("cannot read \(path)") }
        defer { try? handle.close() }
        var hash = SHA256()
        var count: Int64 = 0
        while let block = try handle.read(upToCount: blockSize), !block.isEmpty {
            hash.update(data: block)
            count += Int64(block.count)
        }
        return BackupHeader.Section(name: name, bytes: count, sha256: Hex.string(hash.finalize()))
    }

    /// The section `name` for bytes in memory.
    public static func section(_ name: String, of bytes: [UInt8]) -> BackupHeader.Section {
        BackupHeader.Section(name: name, bytes: Int64(bytes.count), sha256: Hex.string(SHA256.hash(data: bytes)))
    }

    /// Writes `header` and the sections' bytes to `path` (mode 0600: the trail and the sealed
    /// secrets are in it), through a temporary file renamed into place only when whole.
    public static func write(header: BackupHeader, database: String, keys: [UInt8]?, to path: String) throws {
        let partial = path + ".partial"
        let descriptor = open(partial, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else {
            throw BackupError.file("cannot create \(partial): \(String(cString: strerror(errno)))")
        }
        let output = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            try output.write(contentsOf: try header.encoded())
            guard let input = FileHandle(forReadingAtPath: database) else {
                throw BackupError.file("cannot read \(database)")
            }
            defer { try? input.close() }
            while let block = try input.read(upToCount: blockSize), !block.isEmpty {
                try output.write(contentsOf: block)
            }
            if let keys { try output.write(contentsOf: keys) }
            try output.synchronize()
            try output.close()
            guard rename(partial, path) == 0 else {
                throw BackupError.file("cannot rename to \(path): \(String(cString: strerror(errno)))")
            }
        } catch {
            unlink(partial)
            throw error
        }
    }

    /// What `read` found in a whole, unchanged file.
    public struct Contents: Sendable {
        public var header: BackupHeader
        /// The `keys` section's bytes, when the header says they are sealed with a passphrase.
        public var sealedKeys: [UInt8]?
    }

    /// Checks the file against its header (every section's length and SHA-256, nothing after the
    /// last) while writing the database section to `databasePath`. Throws `BackupError` before the
    /// caller has used any of it when anything does not match.
    public static func read(_ path: String, databaseTo databasePath: String) throws -> Contents {
        guard let input = FileHandle(forReadingAtPath: path) else {
            throw BackupError.file("cannot read \(path)")
        }
        defer { try? input.close() }
        let prefix = try input.read(upToCount: 2 * 64 + BackupHeader.maximumLength) ?? Data()
        let (header, length) = try BackupHeader.parse(Array(prefix))
        try input.seek(toOffset: UInt64(length))
        let fileSize = try input.seekToEnd()
        let expected = header.sections.reduce(Int64(length)) { $0 + $1.bytes }
        guard Int64(fileSize) == expected else {
            throw BackupError.corrupt("the file has \(fileSize) bytes, its header lists \(expected)")
        }
        let names = header.sections.map(\.name)
        guard names.contains("database"), Set(names).count == names.count else {
            throw BackupError.corrupt("the header does not list one database section")
        }
        try input.seek(toOffset: UInt64(length))
        var sealedKeys: [UInt8]?
        for section in header.sections {
            switch section.name {
            case "database":
                try copy(section, from: input, to: databasePath)
            case "keys" where header.keys == .passphrase && section.bytes <= maximumKeysSection:
                let bytes = try input.read(upToCount: Int(section.bytes)) ?? Data()
                try check(section, bytes: Int64(bytes.count), hash: SHA256.hash(data: bytes))
                sealedKeys = Array(bytes)
            default:
                throw BackupError.corrupt("unexpected section \(section.name)")
            }
        }
        if header.keys == .passphrase, sealedKeys == nil { throw BackupError.corrupt("the keys section is missing") }
        return Contents(header: header, sealedKeys: sealedKeys)
    }

    private static func copy(_ section: BackupHeader.Section, from input: FileHandle, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw BackupError.file("cannot create \(path): \(String(cString: strerror(errno)))")
        }
        let output = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        defer { try? output.close() }
        var hash = SHA256()
        var remaining = section.bytes
        while remaining > 0 {
            guard let block = try input.read(upToCount: Int(min(Int64(blockSize), remaining))), !block.isEmpty else {
                break
            }
            hash.update(data: block)
            try output.write(contentsOf: block)
            remaining -= Int64(block.count)
        }
        try output.synchronize()
        try check(section, bytes: section.bytes - remaining, hash: hash.finalize())
    }

    private static func check(_ section: BackupHeader.Section, bytes: Int64, hash: SHA256Digest) throws {
        guard bytes == section.bytes else {
            throw BackupError.corrupt(
                "the \(section.name) section has \(bytes) bytes, its header lists \(section.bytes)")
        }
        guard Hex.string(hash) == section.sha256 else {
            throw BackupError.corrupt("the \(section.name) section's SHA-256 does not match its header")
        }
    }
}
