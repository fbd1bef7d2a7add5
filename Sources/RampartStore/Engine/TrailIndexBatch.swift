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

    package private(set) var lists: [Key: TrailPostings] = [:]

    package init() {}

    package var isEmpty: Bool { lists.isEmpty }

    package mutating func add(_ event: TrailEvent, at position: Int64) {
        let millis = Int64(event.time.epochMilliseconds)
        var scopes = [event.account.rawValue]
        if let organization = event.organization { scopes.append(organization) }
        for scope in scopes {
            lists[Key(scope: scope, attribute: Self.everyEvent, value: ""), default: .init()]
                .append(position: position, timeMillis: millis)
            for (attribute, value) in event.lookupKeys {
                lists[Key(scope: scope, attribute: Int64(attribute.code), value: value), default: .init()]
                    .append(position: position, timeMillis: millis)
            }
        }
    }

    package mutating func add(_ other: TrailIndexBatch) {
        for (key, list) in other.lists { lists[key, default: .init()].append(contentsOf: list) }
    }

    package mutating func removeAll() {
        lists.removeAll(keepingCapacity: true)
    }
}
