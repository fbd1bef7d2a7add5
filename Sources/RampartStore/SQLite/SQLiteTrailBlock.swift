import RampartCore

/// Events of one account kept as facts in one row (a block), what a batch of reads' events is stored as:
/// a row per event cost the writer more than the facts themselves (a B-tree insert in the table and two
/// indexes, and about 1.3 KB of rendered record in the WAL, for every read), bench/RESULTS.md.
///
/// The row's position is its last event's and it owns the `count` positions before it, so posting lists
/// and cursors name events by position as they name single rows; its `sequence` and `hash` are its last
/// event's, so a chain's head is read as from any row. The blob: a version byte, the id stem
/// (`SQLiteTrailEventIDs`), the count, then per event its hash (32 bytes) and its facts. An event's
/// previous hash is the one before it in the block, or the row's `previous_hash` for the first.
struct SQLiteTrailBlock {
    static let version: UInt8 = 1
    /// Events per block at most: a lookup reads a whole block for one of its events.
    static let capacity = 256

    struct Entry {
        var hash: ArraySlice<UInt8>
        var facts: ArraySlice<UInt8>
    }

    let ids: SQLiteTrailEventIDs
    let entries: [Entry]

    /// Reads a block's blob; `count` is the row's, which the blob must agree with.
    init(bytes: [UInt8], count: Int) throws(FactsError) {
        var reader = FactsReader(bytes[...])
        guard try reader.fixed(1).first == Self.version else { throw FactsError.malformed("a block version") }
        ids = SQLiteTrailEventIDs(stem: Array(try reader.fixed(8)))
        let stored = try reader.readLength()
        guard stored == count, count > 0 else {
            throw FactsError.malformed("a block of \(stored) events in a row of \(count)")
        }
        var entries = [Entry]()
        entries.reserveCapacity(count)
        for _ in 0..<count {
            entries.append(Entry(hash: try reader.fixed(32), facts: try reader.field()))
        }
        guard reader.isAtEnd else { throw FactsError.malformed("bytes after a block's last event") }
        self.entries = entries
    }

    /// Starts a block's blob in `writer`.
    static func begin(_ writer: inout FactsWriter, stem: [UInt8], count: Int) {
        writer.write(fixed: CollectionOfOne(version))
        writer.write(fixed: stem)
        writer.writeLength(count)
    }
}
