import Foundation
import RampartCore

/// A block row (`SQLiteTrailBlock`) copied out of its statement, so a lookup can keep it while it reads
/// several of its events.
struct SQLiteTrailBlockRow {
    /// The row's position: its last event's.
    let position: Int64
    let account: String
    /// The last event's sequence.
    let sequence: Int64
    /// The hash the first event follows.
    let previousHash: [UInt8]
    let block: SQLiteTrailBlock

    /// The block a row selected with `SQLiteTrailColumns.select` holds; nil for a row of one event.
    init?(_ row: SQLiteRow) throws(StoreError) {
        guard !row.isNull(SQLiteTrailColumns.blockColumn) else { return nil }
        position = row.integer(0)
        account = row.text(1)
        sequence = row.integer(12)
        previousHash = row.blob(13)
        do {
            block = try SQLiteTrailBlock(bytes: row.blob(SQLiteTrailColumns.blockColumn), count: Int(row.integer(15)))
        } catch {
            throw StoreError.corruptRecord(kind: "trail-block", key: String(position))
        }
    }

    var firstPosition: Int64 { position - Int64(block.entries.count) + 1 }

    func holds(_ position: Int64) -> Bool { (firstPosition...self.position).contains(position) }

    /// The event at `position`, which the block holds.
    func link(at position: Int64, renderer: (any TrailFactsRenderer)?) throws(StoreError) -> TrailLink {
        try link(Int(position - firstPosition), renderer: renderer).link
    }

    /// The event at `index`, made by `renderer` from its facts.
    func link(_ index: Int, renderer: (any TrailFactsRenderer)?) throws(StoreError) -> (
        position: Int64, link: TrailLink
    ) {
        let eventPosition = firstPosition + Int64(index)
        guard let renderer else {
            throw StoreError.database("the trail keeps events as facts, and this reader was given no renderer for them")
        }
        let entry = block.entries[index]
        var event: TrailEvent
        do {
            event = try renderer.event(facts: entry.facts, id: block.ids.make(position: eventPosition))
        } catch {
            throw StoreError.corruptRecord(kind: "trail-event", key: String(eventPosition))
        }
        // To the millisecond, as a row keeps it and the index orders it (a time rounded to the
        // millisecond, as LookupEvents answers, could otherwise step past a later event's).
        event.time = Date(timeIntervalSince1970: Double(event.time.epochMilliseconds) / 1000)
        guard event.account.rawValue == account else {
            throw StoreError.corruptRecord(kind: "trail-event", key: String(eventPosition))
        }
        let previous = index == 0 ? previousHash : Array(block.entries[index - 1].hash)
        return (
            eventPosition,
            TrailLink(
                sequence: sequence - Int64(block.entries.count - 1 - index), event: event, previousHash: previous,
                hash: Array(entry.hash), facts: Array(entry.facts))
        )
    }
}
