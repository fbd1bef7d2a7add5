import Foundation

/// Writes a trail event's facts as bytes: strings as a length and their UTF-8, numbers and dates as eight
/// bytes, JSON values as a tag and their parts. What a read's event is handed to the trail's writer as (one
/// buffer for many events, no object per event), and read back by `FactsReader`.
public struct FactsWriter {
    public private(set) var bytes: [UInt8]

    /// A writer appending to `buffer` (emptied; its capacity kept, so a reused buffer allocates nothing).
    public init(reusing buffer: consuming [UInt8] = []) {
        bytes = buffer
        bytes.removeAll(keepingCapacity: true)
    }

    public mutating func write(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            writeLength(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    public mutating func write(_ text: String?) {
        write(text != nil)
        if let text { write(text) }
    }

    /// Bytes of a size the reader knows (a hash), without their length.
    public mutating func write<Bytes: Collection<UInt8>>(fixed field: Bytes) {
        bytes.append(contentsOf: field)
    }

    /// Bytes as they are, after their length.
    public mutating func write<Bytes: Collection<UInt8>>(bytes field: Bytes) {
        writeLength(field.count)
        bytes.append(contentsOf: field)
    }

    public mutating func write(_ number: Int64) {
        withUnsafeBytes(of: number.littleEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func write(_ flag: Bool) {
        bytes.append(flag ? 1 : 0)
    }

    /// The date's own `Double` (seconds since 2001), so it reads back equal: seconds since 1970 are
    /// rounded once each way, and an event's time then moved across a millisecond now and then.
    public mutating func write(_ date: Date) {
        write(Int64(bitPattern: date.timeIntervalSinceReferenceDate.bitPattern))
    }

    public mutating func write(_ date: Date?) {
        write(date != nil)
        if let date { write(date) }
    }

    public mutating func write(_ texts: [String]) {
        writeLength(texts.count)
        for text in texts { write(text) }
    }

    public mutating func write(_ value: TrailValue) {
        switch value {
        case .string(let text):
            bytes.append(FactsTag.string.rawValue)
            write(text)
        case .int(let number):
            bytes.append(FactsTag.int.rawValue)
            write(number)
        case .bool(let flag):
            bytes.append(FactsTag.bool.rawValue)
            write(flag)
        case .null:
            bytes.append(FactsTag.null.rawValue)
        case .array(let elements):
            bytes.append(FactsTag.array.rawValue)
            writeLength(elements.count)
            for element in elements { write(element) }
        case .object(let members):
            bytes.append(FactsTag.object.rawValue)
            writeLength(members.count)
            for member in members {
                write(member.key)
                write(member.value)
            }
        case .rendered(let json):
            bytes.append(FactsTag.rendered.rawValue)
            write(bytes: json)
        }
    }

    public mutating func write(_ value: TrailValue?) {
        write(value != nil)
        if let value { write(value) }
    }

    /// A count or length, seven bits a byte (most are under 128: one byte).
    public mutating func writeLength(_ length: Int) {
        var rest = UInt64(length)
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7f) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }
}

/// The tags of `TrailValue`'s cases in facts.
enum FactsTag: UInt8 {
    case string = 1, int, bool, null, array, object, rendered
}
