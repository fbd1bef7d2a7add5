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
///
/// Version 2 keeps each event's facts as what differs from the event before it in the block: how many
/// bytes it shares with that one's facts at the start and at the end, and the bytes between. A run of one
/// caller's calls differs in little but the request id and time, so a GetUser takes about 40 bytes of block
/// (32 of them its hash) instead of 254 (bench/RESULTS.md). Hashes are over the whole facts, as in version
/// 1, which is still read.
struct SQLiteTrailBlock {
    static let version: UInt8 = 2
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
        let version = try reader.fixed(1).first
        guard version == 1 || version == Self.version else { throw FactsError.malformed("a block version") }
        ids = SQLiteTrailEventIDs(stem: Array(try reader.fixed(8)))
        let stored = try reader.readLength()
        guard stored == count, count > 0 else {
            throw FactsError.malformed("a block of \(stored) events in a row of \(count)")
        }
        var entries = [Entry]()
        entries.reserveCapacity(count)
        if version == 1 {
            for _ in 0..<count {
                entries.append(Entry(hash: try reader.fixed(32), facts: try reader.field()))
            }
        } else {
            var previous: [UInt8] = []
            for _ in 0..<count {
                let hash = try reader.fixed(32)
                let shared = (start: try reader.readNumber(), end: try reader.readNumber())
                let middle = try reader.field()
                guard shared.start <= previous.count, shared.end <= previous.count - shared.start else {
                    throw FactsError.malformed("an event sharing more than the one before it holds")
                }
                var facts: [UInt8] = []
                facts.reserveCapacity(shared.start + middle.count + shared.end)
                facts += previous[..<shared.start]
                facts += middle
                facts += previous[(previous.count - shared.end)...]
                entries.append(Entry(hash: hash, facts: facts[...]))
                previous = facts
            }
        }
        guard reader.isAtEnd else { throw FactsError.malformed("bytes after a block's last event") }
        self.entries = entries
    }

    /// Writes a block's blob (version 2), an event at a time.
    struct Writer {
        private var blob: FactsWriter
        /// The last event's facts (a slice of the caller's buffer, which it keeps alive; not a copy).
        private var previous: ArraySlice<UInt8> = []

        /// Starts a block of `count` events in `buffer` (its capacity kept).
        init(reusing buffer: consuming [UInt8], stem: [UInt8], count: Int) {
            blob = FactsWriter(reusing: buffer)
            blob.write(fixed: CollectionOfOne(SQLiteTrailBlock.version))
            blob.write(fixed: stem)
            blob.writeLength(count)
        }

        /// The blob, leaving this writer empty (so the caller can hand the buffer to the next block).
        mutating func finish() -> [UInt8] {
            let bytes = blob.bytes
            blob = FactsWriter()
            previous = []
            return bytes
        }

        /// Appends an event: its hash, then its facts as they differ from the last event's.
        mutating func append(hash: [UInt8], facts: ArraySlice<UInt8>) {
            let start = Self.sharedStart(previous, facts)
            let end = Self.sharedEnd(previous.dropFirst(start), facts.dropFirst(start))
            blob.write(fixed: hash)
            blob.writeLength(start)
            blob.writeLength(end)
            blob.write(bytes: facts[(facts.startIndex + start)..<(facts.endIndex - end)])
            previous = facts
        }

        private static func sharedStart(_ left: ArraySlice<UInt8>, _ right: ArraySlice<UInt8>) -> Int {
            left.withUnsafeBufferPointer { left in
                right.withUnsafeBufferPointer { right in
                    var count = 0
                    let limit = min(left.count, right.count)
                    while count < limit, left[count] == right[count] { count += 1 }
                    return count
                }
            }
        }

        private static func sharedEnd(_ left: ArraySlice<UInt8>, _ right: ArraySlice<UInt8>) -> Int {
            left.withUnsafeBufferPointer { left in
                right.withUnsafeBufferPointer { right in
                    var count = 0
                    let limit = min(left.count, right.count)
                    while count < limit, left[left.count - 1 - count] == right[right.count - 1 - count] { count += 1 }
                    return count
                }
            }
        }
    }
}
