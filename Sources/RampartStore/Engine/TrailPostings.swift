/// A posting list: the events of one batch that share a lookup value, as (position, time) pairs in
/// position order, packed as varints of the differences (positions only grow; times may step
/// back a little between events, so their differences are zigzag-encoded). A batch of a thousand
/// GetUser calls by one user is one row per attribute value, a few kilobytes, instead of a thousand
/// index entries per attribute.
package struct TrailPostings: Equatable, Sendable {
    package struct Entry: Equatable, Comparable, Sendable {
        package var timeMillis: Int64
        package var position: Int64

        /// Newest first: later time, then later position.
        package static func < (lhs: Entry, rhs: Entry) -> Bool {
            (lhs.timeMillis, lhs.position) < (rhs.timeMillis, rhs.position)
        }
    }

    package private(set) var entries: [Entry] = []

    package init() {}

    package mutating func append(position: Int64, timeMillis: Int64) {
        entries.append(Entry(timeMillis: timeMillis, position: position))
    }

    package mutating func append(contentsOf other: TrailPostings) {
        entries.append(contentsOf: other.entries)
    }

    package var minTime: Int64 { entries.map(\.timeMillis).min() ?? 0 }
    package var maxTime: Int64 { entries.map(\.timeMillis).max() ?? 0 }
    package var lastPosition: Int64 { entries.last?.position ?? 0 }

    package var encoded: [UInt8] {
        var bytes = [UInt8]()
        bytes.reserveCapacity(entries.count * 4)
        var position: Int64 = 0
        var time: Int64 = 0
        for entry in entries {
            Self.putVarint(UInt64(bitPattern: entry.position &- position), into: &bytes)
            let delta = entry.timeMillis &- time
            Self.putVarint(UInt64(bitPattern: (delta << 1) ^ (delta >> 63)), into: &bytes)
            position = entry.position
            time = entry.timeMillis
        }
        return bytes
    }

    /// Reads a list back; nil for bytes that are not one (a damaged row reads as no postings
    /// rather than as wrong ones).
    package init?(decoding bytes: [UInt8]) {
        var index = 0
        var position: Int64 = 0
        var time: Int64 = 0
        while index < bytes.count {
            guard let positionDelta = Self.varint(bytes, &index), let zigzag = Self.varint(bytes, &index) else {
                return nil
            }
            position = position &+ Int64(bitPattern: positionDelta)
            time = time &+ (Int64(bitPattern: zigzag >> 1) ^ -Int64(bitPattern: zigzag & 1))
            entries.append(Entry(timeMillis: time, position: position))
        }
    }

    static func putVarint(_ value: UInt64, into bytes: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    static func varint(_ bytes: [UInt8], _ index: inout Int) -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while index < bytes.count, shift < 64 {
            let byte = bytes[index]
            index += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        return nil
    }
}
