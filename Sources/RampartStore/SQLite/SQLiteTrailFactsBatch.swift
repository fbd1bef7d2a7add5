import RampartCore

/// Queued events a flush keeps as facts: each one's lookup facts, and its facts written into one buffer
/// for the whole batch (no array per event). Made outside the store's write lock, appended under it.
struct SQLiteTrailFactsBatch {
    var facts = FactsWriter()
    private(set) var events: [(lookup: TrailEvent, range: Range<Int>)] = []

    var isEmpty: Bool { events.isEmpty }

    mutating func add(_ source: any TrailEventSource) {
        let start = facts.bytes.count
        source.write(into: &facts)
        events.append((source.lookupEvent, start..<facts.bytes.count))
    }

    /// The events' indexes by block: one account and organization each (a block is one row of one
    /// account's chain), in the order each first appears, at most `capacity` events each.
    func blocks(capacity: Int) -> [[Int]] {
        var slots: [String: Int] = [:]
        var groups: [[Int]] = []
        for (index, event) in events.enumerated() {
            let key = event.lookup.account.rawValue + "/" + (event.lookup.organization ?? "")
            if let slot = slots[key], groups[slot].count < capacity {
                groups[slot].append(index)
            } else {
                slots[key] = groups.count
                groups.append([index])
            }
        }
        return groups
    }
}
