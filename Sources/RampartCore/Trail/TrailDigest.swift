import Foundation

/// A signed statement of how far an account's hash chain reached: the first and last event
/// appended since the account's previous digest, their hashes, and the previous digest's
/// signature. Digests form a chain of their own, so removing one breaks the next, and editing
/// events (even with every later hash recomputed) shows as a chain that no longer ends where a
/// signed digest says it did.
public struct TrailDigest: Sendable, Equatable {
    public var account: AccountID
    /// 1 for an account's first digest, then one more each time.
    public var number: Int64
    /// The period the digest closes: from the previous digest's end (or the first event) to when
    /// it was made, in milliseconds since 1970.
    public var startMillis: Int64
    public var endMillis: Int64
    public var firstSequence: Int64
    public var lastSequence: Int64
    public var firstHash: [UInt8]
    public var lastHash: [UInt8]
    /// Empty for an account's first digest.
    public var previousSignature: [UInt8]
    /// Ed25519 over `canonical`.
    public var signature: [UInt8]

    public init(
        account: AccountID, number: Int64, startMillis: Int64, endMillis: Int64, firstSequence: Int64,
        lastSequence: Int64, firstHash: [UInt8], lastHash: [UInt8], previousSignature: [UInt8], signature: [UInt8]
    ) {
        self.account = account
        self.number = number
        self.startMillis = startMillis
        self.endMillis = endMillis
        self.firstSequence = firstSequence
        self.lastSequence = lastSequence
        self.firstHash = firstHash
        self.lastHash = lastHash
        self.previousSignature = previousSignature
        self.signature = signature
    }

    /// The bytes the signature covers: a version tag and every field but the signature, each as
    /// its UTF-8 length, a colon and its bytes (hashes and the previous signature in hex), as
    /// `TrailLink.canonical` lays out an event.
    public var canonical: [UInt8] {
        let fields = [
            "rampart-trail-digest-1", account.rawValue, String(number), String(startMillis), String(endMillis),
            String(firstSequence), String(lastSequence), Hex.string(firstHash), Hex.string(lastHash),
            Hex.string(previousSignature),
        ]
        var framed = LengthPrefixed()
        fields.forEach { framed.append($0) }
        return framed.bytes
    }
}
