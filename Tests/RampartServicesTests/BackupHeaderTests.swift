import Foundation
import Testing

@testable import RampartServices

struct BackupHeaderTests {
    static let header = BackupHeader(
        created: Date(timeIntervalSince1970: 1_800_000_000), rampartVersion: "0.1.0", schemaVersion: 4,
        trailEvents: 12,
        sections: [
            BackupHeader.Section(name: "database", bytes: 4096, sha256: String(repeating: "a", count: 64)),
            BackupHeader.Section(name: "keys", bytes: 120, sha256: String(repeating: "b", count: 64)),
        ],
        keys: .passphrase, kdf: BackupKDF(n: 1 << 14, salt: Array(repeating: 7, count: 16)),
        auditPublicKey: "AAAA")

    @Test func roundTripsAndSaysWhereTheSectionsStart() throws {
        let bytes = try Self.header.encoded()
        let (parsed, length) = try BackupHeader.parse(bytes + Array("section bytes".utf8))
        #expect(parsed == Self.header)
        #expect(length == bytes.count)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("RAMPART-BACKUP 1 "))
        #expect(text.contains("\"N\":16384"))
        #expect(text.contains("\"created\":\"2027-01-15T08:00:00Z\""))
    }

    @Test func anyChangeToTheHeaderLineIsCorruption() throws {
        var bytes = try Self.header.encoded()
        let newline = bytes.firstIndex(of: UInt8(ascii: "\n"))!
        // Each byte of the header JSON in turn: the magic line's SHA-256 no longer matches.
        for index in stride(from: newline + 1, to: bytes.count - 1, by: 17) {
            bytes[index] ^= 0x01
            #expect(throws: BackupError.corrupt("the header's SHA-256 does not match the first line")) {
                try BackupHeader.parse(bytes)
            }
            bytes[index] ^= 0x01
        }
    }

    @Test func refusesWhatIsNotABackupOfThisFormat() throws {
        #expect(throws: BackupError.notABackup("the file does not start with RAMPART-BACKUP")) {
            try BackupHeader.parse(Array("SQLite format 3\n{}\n".utf8))
        }
        #expect(throws: BackupError.notABackup("no header line")) { try BackupHeader.parse(Array("RAMPART".utf8)) }
        #expect(throws: BackupError.unsupportedFormat(2)) {
            try BackupHeader.parse(Array("RAMPART-BACKUP 2 abc\n{}\n".utf8))
        }
        let bytes = try Self.header.encoded()
        #expect(throws: BackupError.corrupt("the header is cut short")) {
            try BackupHeader.parse(Array(bytes.dropLast(1)))
        }
    }

    @Test func keysSealedUnderAPassphraseOpenOnlyWithItAndWithTheirDatabase() throws {
        let kdf = BackupKDF(n: 1 << 14, salt: Array(repeating: 1, count: 16))
        let keys = BackupKeys(masterKey: "bWFzdGVy\n", auditSigningKey: "c2lnbmluZw==\n")
        let sealed = try keys.sealed(passphrase: "a long passphrase", kdf: kdf, databaseSHA256: "d1")
        #expect(!String(decoding: sealed, as: UTF8.self).contains("bWFzdGVy"))
        #expect(try BackupKeys(sealed: sealed, passphrase: "a long passphrase", kdf: kdf, databaseSHA256: "d1") == keys)
        #expect(throws: BackupError.wrongPassphrase) {
            try BackupKeys(sealed: sealed, passphrase: "a long passphrasE", kdf: kdf, databaseSHA256: "d1")
        }
        // The same keys presented with another backup's database do not open.
        #expect(throws: BackupError.wrongPassphrase) {
            try BackupKeys(sealed: sealed, passphrase: "a long passphrase", kdf: kdf, databaseSHA256: "d2")
        }
        #expect(throws: BackupError.weakPassphrase(12)) {
            try keys.sealed(passphrase: "short", kdf: kdf, databaseSHA256: "d1")
        }
    }

    /// A hostile header must not make a restore allocate without bound or derive with no cost.
    @Test func keyDerivationRefusesParametersRampartDoesNotWrite() {
        let salt = Array(repeating: UInt8(1), count: 16)
        for kdf in [
            BackupKDF(n: 1 << 30, salt: salt), BackupKDF(n: 1 << 10, salt: salt), BackupKDF(n: 20_000, salt: salt),
            BackupKDF(n: 1 << 14, r: 1000, salt: salt), BackupKDF(n: 1 << 14, salt: [1, 2]),
        ] {
            #expect(throws: BackupError.corrupt("the key derivation parameters are not ones Rampart writes")) {
                try kdf.key(passphrase: "a long passphrase")
            }
        }
    }
}
