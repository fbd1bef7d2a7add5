import Foundation

/// Why bytes did not read back as facts: cut short, a length or tag that cannot be, or values nested
/// deeper than `FactsReader.maximumDepth`.
public enum FactsError: Error, Equatable, Sendable {
    case truncated
    case malformed(String)
}

/// Reads what `FactsWriter` wrote, in the same order. Every read checks its bounds and throws instead of
/// trapping, and takes time linear in what it reads.
public struct FactsReader {
    /// How deep JSON values may nest: a request's parameters are a few levels deep; bytes that nest
    /// further were not written by `FactsWriter` from one.
    public static let maximumDepth = 64

    private let bytes: ArraySlice<UInt8>
    private var offset: Int

    public init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        offset = bytes.startIndex
    }

    /// Whether every byte was read.
    public var isAtEnd: Bool { offset == bytes.endIndex }

    public mutating func string() throws(FactsError) -> String {
        let length = try readLength()
        let slice = try take(length)
        guard let text = String(validating: slice, as: UTF8.self) else {
            throw FactsError.malformed("a string that is not UTF-8")
        }
        return text
    }

    /// A field written by `FactsWriter.write(bytes:)`, as a slice of the input (no copy).
    public mutating func field() throws(FactsError) -> ArraySlice<UInt8> {
        try take(try readLength())
    }

    /// `count` bytes exactly, written without a length (a hash).
    public mutating func fixed(_ count: Int) throws(FactsError) -> ArraySlice<UInt8> {
        try take(count)
    }

    public mutating func optionalString() throws(FactsError) -> String? {
        try bool() ? try string() : nil
    }

    public mutating func int64() throws(FactsError) -> Int64 {
        let slice = try take(8)
        var value: UInt64 = 0
        for (shift, byte) in slice.enumerated() { value |= UInt64(byte) << (8 * UInt64(shift)) }
        return Int64(bitPattern: value)
    }

    public mutating func bool() throws(FactsError) -> Bool {
        let byte = try take(1).first!
        guard byte <= 1 else { throw FactsError.malformed("a flag of \(byte)") }
        return byte == 1
    }

    public mutating func date() throws(FactsError) -> Date {
        Date(timeIntervalSinceReferenceDate: Double(bitPattern: UInt64(bitPattern: try int64())))
    }

    public mutating func optionalDate() throws(FactsError) -> Date? {
        try bool() ? try date() : nil
    }

    public mutating func strings() throws(FactsError) -> [String] {
        let count = try readCount()
        var texts = [String]()
        texts.reserveCapacity(count)
        for _ in 0..<count { texts.append(try string()) }
        return texts
    }

    public mutating func value() throws(FactsError) -> TrailValue {
        try value(depth: 0)
    }

    public mutating func optionalValue() throws(FactsError) -> TrailValue? {
        try bool() ? try value() : nil
    }

    private mutating func value(depth: Int) throws(FactsError) -> TrailValue {
        guard depth < Self.maximumDepth else { throw FactsError.malformed("values nested too deep") }
        let byte = try take(1).first!
        guard let tag = FactsTag(rawValue: byte) else { throw FactsError.malformed("a value tagged \(byte)") }
        switch tag {
        case .string: return .string(try string())
        case .int: return .int(try int64())
        case .bool: return .bool(try bool())
        case .null: return .null
        case .array:
            let count = try readCount()
            var elements = [TrailValue]()
            for _ in 0..<count { elements.append(try value(depth: depth + 1)) }
            return .array(elements)
        case .object:
            let count = try readCount()
            var members = [TrailMember]()
            for _ in 0..<count {
                let key = try string()
                members.append(TrailMember(key, try value(depth: depth + 1)))
            }
            return .object(members)
        case .rendered:
            return .rendered(Array(try field()))
        }
    }

    /// A length, which must fit in what is left.
    public mutating func readLength() throws(FactsError) -> Int {
        let length = try varint()
        guard length <= UInt64(bytes.endIndex - offset) else { throw FactsError.truncated }
        return Int(length)
    }

    /// A number written with `FactsWriter.writeLength` that counts something other than the bytes after
    /// it (how many bytes a block's event shares with the one before): the caller checks it.
    public mutating func readNumber() throws(FactsError) -> Int {
        let value = try varint()
        guard value <= UInt64(Int32.max) else { throw FactsError.malformed("a number out of range") }
        return Int(value)
    }

    /// A count of elements, each at least a byte: one larger than what is left cannot be.
    private mutating func readCount() throws(FactsError) -> Int {
        try readLength()
    }

    private mutating func varint() throws(FactsError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try take(1).first!
            guard shift < 63 else { throw FactsError.malformed("a length too long") }
            value |= UInt64(byte & 0x7f) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }

    private mutating func take(_ count: Int) throws(FactsError) -> ArraySlice<UInt8> {
        guard count <= bytes.endIndex - offset else { throw FactsError.truncated }
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }
}
