import Foundation

/// An event as it sits in its account's hash chain: its number in the chain, its hash, and the
/// hash of the event before it. `hash = SHA-256(previousHash ‖ canonical form)` where the
/// canonical form (`TrailLink.canonical`) covers the body and every fact lookups index, so
/// neither can be changed without the chain showing it.
public struct TrailLink: Sendable, Equatable {
    public var sequence: Int64
    public var event: TrailEvent
    public var previousHash: [UInt8]
    public var hash: [UInt8]

    public init(sequence: Int64, event: TrailEvent, previousHash: [UInt8], hash: [UInt8]) {
        self.sequence = sequence
        self.event = event
        self.previousHash = previousHash
        self.hash = hash
    }

    /// The bytes the hash covers after the previous hash: the indexed facts, then the record,
    /// each as its UTF-8 length, a colon and its bytes, so no choice of values can make two
    /// different events read alike.
    public static func canonical(sequence: Int64, event: TrailEvent) -> [UInt8] {
        var framed = LengthPrefixed(capacity: event.body.utf8.count + 160)
        let fields = [
            String(sequence), event.account.rawValue, event.organization ?? "", String(event.time.epochMilliseconds),
            event.eventId, event.eventName, event.eventSource, event.username ?? "", event.accessKeyId ?? "",
            event.readOnly ? "true" : "false", String(event.resources.count),
        ]
        fields.forEach { framed.append($0) }
        for resource in event.resources {
            framed.append(resource.type)
            framed.append(resource.name)
        }
        framed.append(event.body)
        return framed.bytes
    }
}
