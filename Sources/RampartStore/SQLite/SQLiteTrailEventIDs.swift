import RampartCore

/// The ids of the events the trail keeps as facts (reads' and refusals', in blocks: see
/// `SQLiteTrailBlock`): a stem drawn at random when the store opens, then the event's position, laid out as
/// a version 4 UUID. A lookup by such an id reads the block holding the position it names and keeps the
/// event only if its id is the one asked for, so these events need no entry in the event-id index. The
/// stem (kept in each block) keeps ids of different stores, and of one store's runs, apart; positions
/// only grow, so a store never gives one id twice.
struct SQLiteTrailEventIDs {
    let stem: [UInt8]

    init(stem: [UInt8] = RandomBytes.make(8)) {
        precondition(stem.count == 8)
        self.stem = stem
    }

    func make(position: Int64) -> String {
        var bytes = stem
        bytes.reserveCapacity(16)
        for shift in stride(from: 56, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: position >> Int64(shift)))
        }
        return AWSRequestID.format(bytes)
    }

    /// The row position an id made by `make` names; nil for text that is not a UUID. Any UUID names
    /// some position: the caller compares the row's id with the one asked for.
    static func position(of id: String) -> Int64? {
        let hex = Array(id.utf8)
        guard hex.count == 36, hex[8] == UInt8(ascii: "-"), hex[13] == UInt8(ascii: "-"),
            hex[18] == UInt8(ascii: "-"), hex[23] == UInt8(ascii: "-")
        else { return nil }
        // The last eight bytes: hex digits 16–19 (after the third dash) and 20–31 (after the fourth).
        var value: UInt64 = 0
        for byte in hex[19..<23] + hex[24..<36] {
            guard let digit = Self.digit(byte) else { return nil }
            value = value << 4 | UInt64(digit)
        }
        // The variant's two bits overwrote the position's top two, which a position never uses.
        return Int64(bitPattern: value & 0x3FFF_FFFF_FFFF_FFFF)
    }

    private static func digit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
