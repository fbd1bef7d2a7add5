@testable import RampartMFA

/// A plain CBOR encoder for building test inputs (shortest argument forms, entries in the order given). It is
/// test-only: the server never needs to encode CBOR.
enum CBOREncoder {
    static func encode(_ item: CBOR) -> [UInt8] {
        var output: [UInt8] = []
        append(item, to: &output)
        return output
    }

    static func head(_ major: UInt8, _ argument: UInt64) -> [UInt8] {
        let top = major << 5
        switch argument {
        case 0..<24: return [top | UInt8(argument)]
        case 24..<0x100: return [top | 24, UInt8(argument)]
        case 0x100..<0x1_0000: return [top | 25] + bigEndian(argument, 2)
        case 0x1_0000..<0x1_0000_0000: return [top | 26] + bigEndian(argument, 4)
        default: return [top | 27] + bigEndian(argument, 8)
        }
    }

    static func bigEndian(_ value: UInt64, _ count: Int) -> [UInt8] {
        (0..<count).reversed().map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
    }

    static func append(_ item: CBOR, to output: inout [UInt8]) {
        switch item {
        case .unsigned(let value): output += head(0, value)
        case .negative(let value): output += head(1, value)
        case .bytes(let bytes): output += head(2, UInt64(bytes.count)) + bytes
        case .text(let text): output += head(3, UInt64(text.utf8.count)) + Array(text.utf8)
        case .array(let items):
            output += head(4, UInt64(items.count))
            for element in items { append(element, to: &output) }
        case .map(let map):
            output += head(5, UInt64(map.count))
            for entry in map.entries {
                append(entry.key, to: &output)
                append(entry.value, to: &output)
            }
        case .tagged(let tag, let tagged):
            output += head(6, tag)
            append(tagged, to: &output)
        case .bool(let value): output.append(value ? 0xf5 : 0xf4)
        case .null: output.append(0xf6)
        case .undefined: output.append(0xf7)
        case .simple(let value): output += value < 24 ? [0xe0 | value] : [0xf8, value]
        case .float(let value): output += [0xfb] + bigEndian(value.bitPattern, 8)
        }
    }
}

extension CBOR {
    /// A map literal for tests: entries in the order given.
    static func map(_ pairs: [(CBOR, CBOR)]) -> CBOR {
        .map(CBOR.Map(pairs.map { CBOR.Map.Entry(key: $0.0, value: $0.1) }))
    }
}
