/// A cursor over DER (X.690) bytes, just enough for RSA public keys: reads one tag-length-value
/// at a time with every length checked against what is left, so truncated, oversized or
/// indefinite-length input fails instead of reading past the end. Linear in its input.
struct DERReader {
    struct Malformed: Error, Equatable {}

    static let sequence: UInt8 = 0x30
    static let integer: UInt8 = 0x02
    static let bitString: UInt8 = 0x03
    static let null: UInt8 = 0x05
    static let objectIdentifier: UInt8 = 0x06

    private let bytes: ArraySlice<UInt8>
    private var offset: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.offset = bytes.startIndex
    }

    var isAtEnd: Bool { offset == bytes.endIndex }

    /// The tag of the next element, nil at the end.
    var nextTag: UInt8? { isAtEnd ? nil : bytes[offset] }

    /// The contents of the next element, which must carry `tag`.
    mutating func read(_ tag: UInt8) throws(Malformed) -> ArraySlice<UInt8> {
        guard offset < bytes.endIndex, bytes[offset] == tag else { throw Malformed() }
        var index = offset + 1
        guard index < bytes.endIndex else { throw Malformed() }
        let first = bytes[index]
        index += 1
        var length = 0
        if first < 0x80 {
            length = Int(first)
        } else {
            // Long form, at most four length bytes; 0x80 alone (indefinite) is BER, not DER.
            let count = Int(first & 0x7F)
            guard (1...4).contains(count), bytes.endIndex - index >= count else { throw Malformed() }
            for byte in bytes[index..<index + count] { length = length << 8 | Int(byte) }
            index += count
        }
        guard length <= bytes.endIndex - index else { throw Malformed() }
        offset = index + length
        return bytes[index..<offset]
    }

    /// A positive INTEGER's magnitude without leading zeros.
    mutating func readUnsignedInteger() throws(Malformed) -> [UInt8] {
        let content = try read(Self.integer)
        guard let first = content.first, first & 0x80 == 0 else { throw Malformed() }
        return Array(content.drop { $0 == 0 })
    }
}

/// The DER writing that SubjectPublicKeyInfo needs.
enum DERWriter {
    static func element(_ tag: UInt8, _ content: [UInt8]) -> [UInt8] {
        var output = [tag]
        if content.count < 0x80 {
            output.append(UInt8(content.count))
        } else {
            var length = content.count
            var lengthBytes = [UInt8]()
            while length > 0 {
                lengthBytes.insert(UInt8(length & 0xFF), at: 0)
                length >>= 8
            }
            output.append(0x80 | UInt8(lengthBytes.count))
            output += lengthBytes
        }
        return output + content
    }

    /// A non-negative INTEGER from its magnitude: a leading zero keeps a high first bit positive.
    static func unsignedInteger(_ magnitude: [UInt8]) -> [UInt8] {
        let trimmed = Array(magnitude.drop { $0 == 0 })
        if trimmed.isEmpty { return element(DERReader.integer, [0]) }
        return element(DERReader.integer, (trimmed[0] & 0x80 != 0 ? [0] : []) + trimmed)
    }
}
