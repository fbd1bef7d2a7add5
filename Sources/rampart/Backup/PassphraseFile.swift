import Foundation

/// A passphrase read from a file (never from the command line, where `ps` and shell history
/// would show it). One trailing line break is not part of it: editors add one.
enum PassphraseFile {
    static func read(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BackupRefusal("cannot read the passphrase file \(path)")
        }
        var text = String(decoding: data, as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }
        if text.hasSuffix("\r") { text.removeLast() }
        return text
    }
}
