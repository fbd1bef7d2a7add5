import RampartCore

/// The lookup index a batch of appended events adds: for each scope (the account, and the
/// organization when the event has one) and each lookup attribute value, one posting list of the
/// batch's events that have it. Both engines write these lists as rows, so LookupEvents reads a
/// range of an index, never the event table.
package struct TrailIndexBatch: Sendable {
    package struct Key: Hashable, Sendable {
        package var scope: String
        package var attribute: Int64
        package var value: String
    }

    /// The attribute code of the lists that name every event of a scope (lookups by time alone).
    package static let everyEvent: Int64 = 99

    /// The lists, each found by its key through `slots`.
    private var postings: [(key: Key, list: TrailPostings)] = []
    private var slots: [Key: Int] = [:]
    /// The last event's lookup facts, and the lists they name: the next event with the same ones (the run
    /// of calls one credential makes) appends to them without listing its keys or hashing one. Two
    /// properties, not an optional tuple: reading a field of a tuple held in an optional copied the
    /// whole event (its strings retained and released) for every event of a batch.
    private var lastEvent: TrailEvent?
    private var lastSlots: [Int] = []

    package init() {}

    package var lists: [Key: TrailPostings] {
        Dictionary(uniqueKeysWithValues: postings.map { ($0.key, $0.list) })
    }

    package var isEmpty: Bool { postings.isEmpty }

    package mutating func add(_ event: TrailEvent, at position: Int64) {
        let millis = Int64(event.time.epochMilliseconds)
        let targets: [Int]
        if lastEvent?.account == event.account, lastEvent?.organization == event.organization,
            lastEvent?.hasLookupKeys(of: event) == true
        {
            targets = lastSlots
        } else {
            var scopes = [event.account.rawValue]
            if let organization = event.organization { scopes.append(organization) }
            let keys = event.lookupKeys
            var found = [Int]()
            for scope in scopes {
                found.append(slot(Key(scope: scope, attribute: Self.everyEvent, value: "")))
                for (attribute, value) in keys {
                    found.append(slot(Key(scope: scope, attribute: Int64(attribute.code), value: value)))
                }
            }
            lastEvent = event
            lastSlots = found
            targets = found
        }
        for target in targets { postings[target].list.append(position: position, timeMillis: millis) }
    }

    package mutating func add(_ other: TrailIndexBatch) {
        for (key, list) in other.postings { postings[slot(key)].list.append(contentsOf: list) }
    }

    package mutating func removeAll() {
        postings.removeAll(keepingCapacity: true)
        slots.removeAll(keepingCapacity: true)
        lastEvent = nil
        lastSlots = []
    }

    private mutating func slot(_ key: Key) -> Int {
        if let slot = slots[key] { return slot }
        postings.append((key, TrailPostings()))
        slots[key] = postings.count - 1
        return postings.count - 1
    }
}
