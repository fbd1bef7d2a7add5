/// RFC 4648 base 32, the form authenticator apps expect a TOTP secret in.
public enum Base32 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    /// RFC 4648 alphabet, upper case, no padding: otpauth URIs and AWS's `Base32StringSeed` carry none.
    public static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count * 8 + 4) / 5)
        var buffer: UInt32 = 0
        var bitCount = 0
        for byte in bytes {
            buffer = buffer << 8 | UInt32(byte)
            bitCount += 8
            while bitCount >= 5 {
                bitCount -= 5
                output.append(alphabet[Int(buffer >> UInt32(bitCount) & 0x1f)])
            }
        }
        if bitCount > 0 {
            // The last group is completed with zero bits.
            output.append(alphabet[Int(buffer << UInt32(5 - bitCount) & 0x1f)])
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Case-insensitive, ignores spaces (apps show secrets in groups) and trailing '=' padding; nil on any other
    /// character or on a length no byte string encodes to. Leftover bits of the last character are ignored.
    public static func decode(_ text: String) -> [UInt8]? {
        var output: [UInt8] = []
        var buffer: UInt32 = 0
        var bitCount = 0
        var symbolCount = 0
        var inPadding = false
        for character in text.utf8 {
            if character == UInt8(ascii: " ") { continue }
            if character == UInt8(ascii: "=") {
                inPadding = true
                continue
            }
            guard !inPadding, let value = value(of: character) else { return nil }
            buffer = buffer << 5 | UInt32(value)
            bitCount += 5
            symbolCount += 1
            if bitCount >= 8 {
                bitCount -= 8
                output.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bitCount)))
            }
        }
        // Each 8-symbol group holds 5 bytes; a final partial group of 1, 3 or 6 symbols cannot come from whole bytes.
        guard ![1, 3, 6].contains(symbolCount % 8) else { return nil }
        return output
    }

    private static func value(of character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): character - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): character - UInt8(ascii: "a")
        case UInt8(ascii: "2")...UInt8(ascii: "7"): character - UInt8(ascii: "2") + 26
        default: nil
        }
    }
}
