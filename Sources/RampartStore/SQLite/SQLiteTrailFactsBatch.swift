import RampartCore

/// Queued events a flush keeps as facts: each one's lookup facts, and its facts written into one buffer
/// for the whole batch (no array per event). Made outside the store's write lock, appended under it.
struct SQLiteTrailFactsBatch {
    var facts = FactsWriter()
    /// Each event's lookup facts, and where its facts lie in `facts`. Two arrays, not one of tuples:
    /// reading a field of a tuple element copied the whole event (its strings retained and released).
    private(set) var lookups: [TrailEvent] = []
    private(set) var ranges: [Range<Int>] = []

    var isEmpty: Bool { lookups.isEmpty }

    mutating func add(_ source: any TrailEventSource) {
        let start = facts.bytes.count
        source.write(into: &facts)
        lookups.append(source.lookupEvent)
        ranges.append(start..<facts.bytes.count)
    }

    /// The events' indexes by block: one account and organization each (a block is one row of one
    /// account's chain), in the order each first appears, at most `capacity` events each.
    func blocks(capacity: Int) -> [[Int]] {
        var slots: [String: Int] = [:]
        var groups: [[Int]] = []
        var previous: (account: AccountID, organization: String?, slot: Int)?
        for index in lookups.indices {
            // A run of one account's events (a batch is mostly that) stays in the block the event before
            // it went to, without making and hashing a key for each.
            if let previous, previous.account == lookups[index].account,
                previous.organization == lookups[index].organization, groups[previous.slot].count < capacity
            {
                groups[previous.slot].append(index)
                continue
            }
            let lookup = lookups[index]
            let key = lookup.account.rawValue + "/" + (lookup.organization ?? "")
            let slot: Int
            if let found = slots[key], groups[found].count < capacity {
                slot = found
                groups[slot].append(index)
            } else {
                slot = groups.count
                slots[key] = slot
                groups.append([index])
            }
            previous = (lookup.account, lookup.organization, slot)
        }
        return groups
    }
}
