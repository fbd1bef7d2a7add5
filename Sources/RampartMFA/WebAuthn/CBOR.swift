/// One CBOR data item (RFC 8949), as a strict decoder reads it from a WebAuthn attestation object, authenticator data
/// or COSE key.
///
/// The decoder accepts definite lengths only: the CTAP2 canonical encoding that authenticators use has no indefinite
/// lengths, so an indefinite-length string, array or map (and a stray "break") is `malformedCBOR`. It is strict where a
/// lenient decoder could be made to misread or to exhaust memory:
/// - a declared length or count larger than the rest of the input is an error before anything is allocated;
/// - containers (arrays, maps, tags) nest at most `maximumDepth` deep;
/// - a map with two equal keys is an error;
/// - text strings must be valid UTF-8; reserved additional-information values (28–30) and the two-byte encoding of a
///   simple value below 32 are errors.
/// It does not insist on the shortest encoding of integers and lengths, nor on canonical key order: neither changes
/// the meaning of an item, and some authenticators are known to be loose about both.
public indirect enum CBOR: Hashable, Sendable {
    /// Major type 0: 0 ... 2^64 - 1.
    case unsigned(UInt64)
    /// Major type 1: the integer -1 - n, for n in 0 ... 2^64 - 1 (so down to -2^64).
    case negative(UInt64)
    /// Major type 2.
    case bytes([UInt8])
    /// Major type 3, valid UTF-8.
    case text(String)
    /// Major type 4.
    case array([CBOR])
    /// Major type 5, in the order the entries were encoded.
    case map(Map)
    /// Major type 6: a tag number and the item it tags.
    case tagged(UInt64, CBOR)
    /// `false` and `true` (simple values 20 and 21).
    case bool(Bool)
    /// Simple value 22.
    case null
    /// Simple value 23.
    case undefined
    /// Any other simple value: 0–19 and 32–255.
    case simple(UInt8)
    /// Half-, single- or double-precision floating point, widened to `Double`.
    case float(Double)

    /// How deep arrays, maps and tags may nest inside one another.
    public static let maximumDepth = 16

    /// The entries of a CBOR map, in encoded order; the decoder guarantees the keys are distinct.
    public struct Map: Hashable, Sendable {
        public struct Entry: Hashable, Sendable {
            public let key: CBOR
            public let value: CBOR

            public init(key: CBOR, value: CBOR) {
                self.key = key
                self.value = value
            }
        }

        public let entries: [Entry]

        public init(_ entries: [Entry]) {
            self.entries = entries
        }

        public subscript(key: CBOR) -> CBOR? {
            entries.first { $0.key == key }?.value
        }

        /// The value under a text key.
        public subscript(text: String) -> CBOR? {
            self[.text(text)]
        }

        /// The value under an integer key (COSE keys use small positive and negative ones).
        public subscript(int: Int) -> CBOR? {
            self[CBOR(int)]
        }

        public var count: Int { entries.count }
    }

    /// The item for an integer: `.unsigned` for 0 and above, `.negative` below.
    public init(_ value: Int) {
        self = value >= 0 ? .unsigned(UInt64(value)) : .negative(UInt64(-(value + 1)))
    }

    /// Decodes `bytes`, which must hold exactly one item: bytes after it are an error.
    public init(bytes: [UInt8]) throws(WebAuthnError) {
        let (item, length) = try CBOR.decodePrefix(bytes[...])
        guard length == bytes.count else {
            throw .malformedCBOR("\(bytes.count - length) bytes after the item")
        }
        self = item
    }

    /// Decodes the one item `bytes` starts with and tells how many bytes it used, for formats where other data
    /// follows an item (the credential public key in authenticator data is followed by extensions).
    public static func decodePrefix(_ bytes: ArraySlice<UInt8>) throws(WebAuthnError) -> (item: CBOR, length: Int) {
        var reader = CBORReader(bytes: bytes)
        let item = try reader.item(depth: 0)
        return (item, reader.position - bytes.startIndex)
    }

    /// The integer, if this is one that fits an `Int`.
    public var intValue: Int? {
        switch self {
        case .unsigned(let value): value <= UInt64(Int.max) ? Int(value) : nil
        case .negative(let value): value <= UInt64(Int.max) ? -1 - Int(value) : nil
        default: nil
        }
    }

    public var bytesValue: [UInt8]? {
        if case .bytes(let value) = self { value } else { nil }
    }

    public var textValue: String? {
        if case .text(let value) = self { value } else { nil }
    }

    public var arrayValue: [CBOR]? {
        if case .array(let value) = self { value } else { nil }
    }

    public var mapValue: Map? {
        if case .map(let value) = self { value } else { nil }
    }
}

/// The decoder's cursor over the input.
private struct CBORReader {
    let bytes: ArraySlice<UInt8>
    var position: Int

    init(bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.position = bytes.startIndex
    }

    var remaining: Int { bytes.endIndex - position }

    mutating func byte() throws(WebAuthnError) -> UInt8 {
        guard position < bytes.endIndex else { throw .malformedCBOR("input ends inside an item") }
        defer { position += 1 }
        return bytes[position]
    }

    /// A big-endian unsigned integer of `count` bytes.
    mutating func integer(_ count: Int) throws(WebAuthnError) -> UInt64 {
        guard remaining >= count else { throw .malformedCBOR("input ends inside an item") }
        var value: UInt64 = 0
        for index in position..<(position + count) {
            value = value << 8 | UInt64(bytes[index])
        }
        position += count
        return value
    }

    /// The argument of an initial byte whose low five bits are `info` (definite forms only).
    mutating func argument(_ info: UInt8) throws(WebAuthnError) -> UInt64 {
        switch info {
        case 0..<24: UInt64(info)
        case 24: try integer(1)
        case 25: try integer(2)
        case 26: try integer(4)
        case 27: try integer(8)
        case 31: throw .malformedCBOR("indefinite lengths are not supported")
        default: throw .malformedCBOR("reserved additional information \(info)")
        }
    }

    /// `count` bytes, after checking they are there: a huge declared length fails here without allocating.
    mutating func take(_ count: UInt64) throws(WebAuthnError) -> [UInt8] {
        guard count <= UInt64(remaining) else {
            throw .malformedCBOR("declared length \(count) exceeds the \(remaining) bytes left")
        }
        let end = position + Int(count)
        defer { position = end }
        return Array(bytes[position..<end])
    }

    mutating func item(depth: Int) throws(WebAuthnError) -> CBOR {
        let initial = try byte()
        let major = initial >> 5
        let info = initial & 0x1f
        switch major {
        case 0:
            return .unsigned(try argument(info))
        case 1:
            return .negative(try argument(info))
        case 2:
            return .bytes(try take(try argument(info)))
        case 3:
            guard let text = String(validating: try take(try argument(info)), as: UTF8.self) else {
                throw .malformedCBOR("text string is not valid UTF-8")
            }
            return .text(text)
        case 4:
            let count = try argument(info)
            try enter(depth)
            // Every item takes at least one byte.
            guard count <= UInt64(remaining) else {
                throw .malformedCBOR("array of \(count) items exceeds the \(remaining) bytes left")
            }
            var items: [CBOR] = []
            items.reserveCapacity(Int(count))
            for _ in 0..<count {
                items.append(try item(depth: depth + 1))
            }
            return .array(items)
        case 5:
            let count = try argument(info)
            try enter(depth)
            // Every entry takes at least two bytes.
            guard count <= UInt64(remaining / 2) else {
                throw .malformedCBOR("map of \(count) entries exceeds the \(remaining) bytes left")
            }
            var entries: [CBOR.Map.Entry] = []
            entries.reserveCapacity(Int(count))
            var keys = Set<CBOR>()
            for _ in 0..<count {
                let key = try item(depth: depth + 1)
                guard keys.insert(key).inserted else { throw .malformedCBOR("duplicate map key \(key)") }
                entries.append(CBOR.Map.Entry(key: key, value: try item(depth: depth + 1)))
            }
            return .map(CBOR.Map(entries))
        case 6:
            let tag = try argument(info)
            try enter(depth)
            return .tagged(tag, try item(depth: depth + 1))
        default:
            return try simpleOrFloat(info)
        }
    }

    /// Refuses to open another container when `depth` containers already enclose it.
    func enter(_ depth: Int) throws(WebAuthnError) {
        guard depth < CBOR.maximumDepth else {
            throw .malformedCBOR("nesting deeper than \(CBOR.maximumDepth)")
        }
    }

    mutating func simpleOrFloat(_ info: UInt8) throws(WebAuthnError) -> CBOR {
        switch info {
        case 20: return .bool(false)
        case 21: return .bool(true)
        case 22: return .null
        case 23: return .undefined
        case 0..<20: return .simple(info)
        case 24:
            let value = try byte()
            guard value >= 32 else { throw .malformedCBOR("two-byte simple value \(value) below 32") }
            return .simple(value)
        case 25: return .float(Self.halfToDouble(UInt16(try integer(2))))
        case 26: return .float(Double(Float(bitPattern: UInt32(try integer(4)))))
        case 27: return .float(Double(bitPattern: try integer(8)))
        case 31: throw .malformedCBOR("unexpected break outside an indefinite-length item")
        default: throw .malformedCBOR("reserved additional information \(info)")
        }
    }

    /// IEEE 754 binary16 to binary64.
    static func halfToDouble(_ bits: UInt16) -> Double {
        let sign: FloatingPointSign = bits & 0x8000 == 0 ? .plus : .minus
        let exponent = Int(bits >> 10 & 0x1f)
        let fraction = Double(bits & 0x3ff)
        let magnitude: Double =
            switch exponent {
            case 0: fraction * 0x1p-24
            case 31: fraction == 0 ? .infinity : .nan
            default: (1024 + fraction) * Double(sign: .plus, exponent: exponent - 25, significand: 1)
            }
        return sign == .minus ? -magnitude : magnitude
    }
}
