/// Lower-case hexadecimal: the form SigV4 writes every hash and signature in, and the store keys of
/// hashed bearer tokens and recovery codes.
///
/// Arithmetic rather than `String(format: "%02x")`, which goes through Foundation and allocates per
/// byte. Inlinable so that callers in other modules get a version specialized for their digest
/// type: unspecialized, the generic walk over `Sequence` cost more than the SHA-256 it encodes.
public enum Hex {
    @inlinable
    static func digit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? nibble &+ UInt8(ascii: "0") : nibble &+ (UInt8(ascii: "a") &- 10)
    }

    @inlinable
    public static func append<Bytes: Sequence<UInt8>>(_ bytes: Bytes, to output: inout [UInt8]) {
        for byte in bytes {
            output.append(digit(byte >> 4))
            output.append(digit(byte & 0x0F))
        }
    }

    @inlinable
    public static func bytes<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> [UInt8] {
        var output = [UInt8]()
        output.reserveCapacity(64)
        append(bytes, to: &output)
        return output
    }

    @inlinable
    public static func string<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
        String(decoding: self.bytes(bytes), as: UTF8.self)
    }

    /// The bytes of hex text (either case); nil for an odd length or a character that is not a
    /// hex digit.
    public static func decode(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count.isMultiple(of: 2) else { return nil }
        func value(_ digit: UInt8) -> UInt8? {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = value(digits[index]), let low = value(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }
}
