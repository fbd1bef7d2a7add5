import Foundation
import RampartCore

/// Every public key that has signed the trail's digests, each with the period it signed in: what
/// `rampart audit verify` checks digests with once the signing key has been rotated. A digest
/// verifies when a key of the history signed it within that key's period (give or take `grace`,
/// for a digest in flight while the key changed); one signed by any other key does not.
public struct TrailKeyHistory: Sendable, Equatable {
    public struct Entry: Codable, Sendable, Equatable {
        /// The 32 raw Ed25519 public key bytes, base64.
        public var publicKey: String
        /// Unix milliseconds; nil for the first key (it signed from the start).
        public var activeFromMillis: Int64?
        /// Unix milliseconds; nil for the key signing now.
        public var activeUntilMillis: Int64?

        public init(publicKey: String, activeFromMillis: Int64?, activeUntilMillis: Int64?) {
            self.publicKey = publicKey
            self.activeFromMillis = activeFromMillis
            self.activeUntilMillis = activeUntilMillis
        }
    }

    /// How far outside its period a key's digest is still accepted: the time between a digest
    /// writer reading the clock and signing.
    static let graceMillis: Int64 = 60_000

    public private(set) var entries: [Entry]

    public init(entries: [Entry]) {
        self.entries = entries
    }

    /// A history of one key, valid at all times: the trail of a server whose key never rotated.
    public init(single key: TrailVerifyingKey) {
        entries = [Entry(publicKey: key.rawBase64, activeFromMillis: nil, activeUntilMillis: nil)]
    }

    /// The history after `next` replaced the key signing now, at `millis`.
    public func rotated(to next: TrailVerifyingKey, at millis: Int64) -> TrailKeyHistory {
        var copy = self
        if let last = copy.entries.indices.last { copy.entries[last].activeUntilMillis = millis }
        copy.entries.append(Entry(publicKey: next.rawBase64, activeFromMillis: millis, activeUntilMillis: nil))
        return copy
    }

    public func verifies(_ digest: TrailDigest) -> Bool {
        entries.contains { entry in
            if let from = entry.activeFromMillis, digest.endMillis < from - Self.graceMillis { return false }
            if let until = entry.activeUntilMillis, digest.endMillis > until + Self.graceMillis { return false }
            guard let key = try? TrailVerifyingKey(text: entry.publicKey) else { return false }
            return key.isValidSignature(of: digest)
        }
    }

    public func contains(_ key: TrailVerifyingKey) -> Bool {
        entries.contains { $0.publicKey == key.rawBase64 }
    }
}

/// The stored history (kept by the server, read by `rampart audit verify` from the database).
public struct AuditSigningKeyHistory: Record, Equatable {
    public static let kind = RecordKind("audit-signing-key-history")
    public static let only = "history"

    public var entries: [TrailKeyHistory.Entry]

    public init(_ history: TrailKeyHistory) {
        entries = history.entries
    }

    public var history: TrailKeyHistory { TrailKeyHistory(entries: entries) }
    public var recordKey: String { Self.only }
    public var recordAccount: String { "" }
}
