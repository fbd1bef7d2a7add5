import Foundation

/// An event as it sits in its account's hash chain: its number in the chain, its hash, and the
/// hash of the event before it. `hash = SHA-256(previousHash ‖ canonical form)` where the
/// canonical form (`TrailLink.canonical`) covers the body and every fact lookups index, so
/// neither can be changed without the chain showing it. An event kept as facts (a read's, see
/// `TrailEventSource`) is hashed over them instead (`canonical(sequence:account:eventId:facts:)`): its
/// record is made from them, so they are what must not change.
public struct TrailLink: Sendable, Equatable {
    public var sequence: Int64
    public var event: TrailEvent
    public var previousHash: [UInt8]
    public var hash: [UInt8]
    /// The facts the event's record was made from, when its store keeps those instead of the record.
    public var facts: [UInt8]?

    public init(sequence: Int64, event: TrailEvent, previousHash: [UInt8], hash: [UInt8], facts: [UInt8]? = nil) {
        self.sequence = sequence
        self.event = event
        self.previousHash = previousHash
        self.hash = hash
        self.facts = facts
    }

    /// The bytes this link's hash covers after the previous hash, at `sequence`.
    public func canonical(at sequence: Int64) -> [UInt8] {
        guard let facts else { return Self.canonical(sequence: sequence, event: event) }
        return Self.canonical(sequence: sequence, account: event.account, eventId: event.eventId, facts: facts[...])
    }

    /// The bytes an event kept as facts is hashed over: a marker no record's framing starts with (theirs
    /// starts with the sequence's digits), the sequence, account and id (which the facts do not hold),
    /// and the facts.
    public static func canonical(
        sequence: Int64, account: AccountID, eventId: String, facts: ArraySlice<UInt8>
    ) -> [UInt8] {
        var bytes = canonicalHeader(sequence: sequence, account: account, eventId: eventId, factsCount: facts.count)
        bytes.append(contentsOf: facts)
        return bytes
    }

    /// `canonical(sequence:account:eventId:facts:)` up to the facts themselves, which follow it: the
    /// trail's writer hashes a read's facts from where they are instead of copying each into its
    /// canonical form.
    public static func canonicalHeader(
        sequence: Int64, account: AccountID, eventId: String, factsCount: Int
    ) -> [UInt8] {
        var framed = LengthPrefixed(capacity: 96)
        framed.append("facts")
        framed.append(sequence)
        framed.append(account.rawValue)
        framed.append(eventId)
        framed.appendLength(factsCount)
        return framed.bytes
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
