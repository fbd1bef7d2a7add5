import Crypto
import Foundation
import RampartCore
import RampartStore
import Synchronization

/// Turns a `TemporarySession` into an opaque session token and back. The token is the
/// session itself, JSON-encoded and sealed with AES-256-GCM under a key derived from the
/// master key: any change to it fails authentication, and verifying one needs no lookup.
///
/// After a master-key rotation it seals with the new key and still opens with the keys of
/// retired master keys (`RetiredSessionKey`) until every token they sealed has expired. A class:
/// the rotation installs keys while requests are opening tokens.
public final class SessionTokenSealer: Sendable {
    /// The sealing key first, then the retired ones that still open.
    private let keys: Mutex<[SymmetricKey]>
    private static let prefix = "RPv1"

    public init(masterKey: MasterKey) {
        keys = Mutex([Self.key(of: masterKey)])
    }

    /// The key a master key seals session tokens with: what a rotation keeps as a `RetiredSessionKey`.
    public static func key(of masterKey: MasterKey) -> SymmetricKey {
        masterKey.derived(for: "rampart session-token v1")
    }

    /// Seals with `primary`'s key from now on; opens with it and with `retired`.
    public func install(primary: MasterKey, retired: [SymmetricKey]) {
        let next = [Self.key(of: primary)] + retired
        keys.withLock { $0 = next }
    }

    public func seal(_ session: TemporarySession) throws -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        let key = keys.withLock { $0[0] }
        let box = try AES.GCM.seal(try encoder.encode(session), using: key, authenticating: Data(Self.prefix.utf8))
        guard let combined = box.combined else { throw AWSError.serviceFailure("cannot seal session token") }
        return Self.prefix + combined.base64EncodedString()
    }

    /// Nil when the token was not made by this server or was altered.
    public func open(_ token: String) -> TemporarySession? {
        guard token.hasPrefix(Self.prefix), token.utf8.count < 16_384,
            let combined = Self.canonicalBase64Decoded(String(token.dropFirst(Self.prefix.count))),
            let box = try? AES.GCM.SealedBox(combined: combined),
            let plaintext = keys.withLock({ $0 }).lazy.compactMap({ key in
                try? AES.GCM.open(box, using: key, authenticating: Data(Self.prefix.utf8))
            }).first
        else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return try? decoder.decode(TemporarySession.self, from: plaintext)
    }

    /// The bytes `text` encodes, only if `text` is exactly how `seal` would have written them.
    /// Foundation's decoder accepts more than one spelling of the same bytes (non-zero padding bits
    /// in the last character, extra `=`), which made one session answer to many token strings: a
    /// token is a bearer credential and must have exactly one valid form.
    static func canonicalBase64Decoded(_ text: String) -> Data? {
        guard let data = Data(base64Encoded: text), data.base64EncodedString() == text else { return nil }
        return data
    }
}
