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
        let body = event.body
        var framed = LengthPrefixed(capacity: body.utf8.count + 256)
        framed.append(sequence)
        framed.append(event.account.rawValue)
        framed.append(event.organization ?? "")
        framed.append(Int64(event.time.epochMilliseconds))
        framed.append(event.eventId)
        framed.append(event.eventName)
        framed.append(event.eventSource)
        framed.append(event.username ?? "")
        framed.append(event.accessKeyId ?? "")
        framed.append(event.readOnly ? "true" : "false")
        framed.append(Int64(event.resources.count))
        for resource in event.resources {
            framed.append(resource.type)
            framed.append(resource.name)
        }
        framed.append(body)
        return framed.bytes
    }
}
