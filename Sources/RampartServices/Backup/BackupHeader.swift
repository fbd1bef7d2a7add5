import Crypto
import Foundation
import RampartCore

/// The first two lines of a backup file: a magic line (`RAMPART-BACKUP`, the format version and the
/// SHA-256 of the next line), then this header as one line of JSON. The sections it lists follow
/// in order, byte for byte, each with its length and SHA-256, so a reader knows before restoring
/// anything whether the file is whole and unchanged, header included.
public struct BackupHeader: Codable, Sendable, Equatable {
    public static let magic = "RAMPART-BACKUP"
    public static let formatVersion = 1
    /// Longest header line a reader accepts: a header is a few hundred bytes, and a reader of a
    /// hostile file must not read without bound looking for a newline.
    static let maximumLength = 64 * 1024

    /// What protects the keys that open the database's sealed secrets.
    public enum KeyProtection: String, Codable, Sendable {
        /// The keys are not in the file: the operator keeps master.key (and audit-signing.key) apart.
        case excluded
        /// The keys are in the `keys` section, sealed under a key derived from a passphrase.
        case passphrase
    }

    /// One run of bytes after the header.
    public struct Section: Codable, Sendable, Equatable {
        public var name: String
        public var bytes: Int64
        /// Lowercase hex.
        public var sha256: String

        public init(name: String, bytes: Int64, sha256: String) {
            self.name = name
            self.bytes = bytes
            self.sha256 = sha256
        }
    }

    public var format: Int
    public var created: Date
    public var rampartVersion: String
    /// The migration step the database is at.
    public var schemaVersion: Int
    /// Events in the audit trail when the copy was taken.
    public var trailEvents: Int
    public var sections: [Section]
    public var keys: KeyProtection
    /// How the passphrase became the key that seals the `keys` section; nil when keys are excluded.
    public var kdf: BackupKDF?
    /// The public half of the key that signed the trail's digests (base64 of the raw Ed25519 key):
    /// not a secret, and what checks the digests if the signing key itself is lost.
    public var auditPublicKey: String?

    public init(
        created: Date, rampartVersion: String, schemaVersion: Int, trailEvents: Int, sections: [Section],
        keys: KeyProtection, kdf: BackupKDF?, auditPublicKey: String?
    ) {
        format = Self.formatVersion
        self.created = created
        self.rampartVersion = rampartVersion
        self.schemaVersion = schemaVersion
        self.trailEvents = trailEvents
        self.sections = sections
        self.keys = keys
        self.kdf = kdf
        self.auditPublicKey = auditPublicKey
    }

    public func section(_ name: String) -> Section? { sections.first { $0.name == name } }

    /// Where the sections start: the magic line and the header line.
    public func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.dateEncodingStrategy = .iso8601
        let json = Array(try encoder.encode(self))
        let magicLine = "\(Self.magic) \(format) \(Hex.string(SHA256.hash(data: json)))\n"
        return Array(magicLine.utf8) + json + [UInt8(ascii: "\n")]
    }

    /// Parses the start of a file (at least the two header lines); returns the header and the
    /// number of bytes the two lines take, where the first section starts.
    public static func parse(_ prefix: [UInt8]) throws(BackupError) -> (header: BackupHeader, length: Int) {
        let newline = UInt8(ascii: "\n")
        guard let first = prefix.firstIndex(of: newline) else { throw .notABackup("no header line") }
        let magicLine = String(decoding: prefix[..<first], as: UTF8.self)
        let parts = magicLine.split(separator: " ")
        guard parts.count >= 2, parts[0] == Self.magic, let version = Int(parts[1]) else {
            throw .notABackup("the file does not start with \(Self.magic)")
        }
        guard version == formatVersion else { throw .unsupportedFormat(version) }
        guard parts.count == 3, parts[2].count == 64 else { throw .corrupt("the first line has no header SHA-256") }
        guard let second = prefix[(first + 1)...].firstIndex(of: newline) else {
            throw .corrupt("the header is cut short")
        }
        guard Hex.string(SHA256.hash(data: prefix[(first + 1)..<second])) == parts[2] else {
            throw .corrupt("the header's SHA-256 does not match the first line")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let header: BackupHeader
        do {
            header = try decoder.decode(BackupHeader.self, from: Data(prefix[(first + 1)..<second]))
        } catch {
            throw .corrupt("the header is not valid JSON of this format")
        }
        guard header.format == version else { throw .corrupt("the header's format disagrees with its magic line") }
        guard header.sections.allSatisfy({ $0.bytes >= 0 && $0.sha256.count == 64 }) else {
            throw .corrupt("a section has a negative length or a malformed SHA-256")
        }
        return (header, second + 1)
    }
}
