/// Lower-case hexadecimal: the form SigV4 writes every hash and signature in, and the store keys of
/// hashed bearer tokens and recovery codes.
///
/// A lookup table rather than `String(format: "%02x")`: the formatter goes through Foundation and
/// allocates per byte, and a verification hex-encodes three 32-byte values.
public enum Hex {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    public static func append<Bytes: Sequence<UInt8>>(_ bytes: Bytes, to output: inout [UInt8]) {
        for byte in bytes {
            output.append(digits[Int(byte >> 4)])
            output.append(digits[Int(byte & 0x0F)])
        }
    }

    public static func bytes<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> [UInt8] {
        var output = [UInt8]()
        output.reserveCapacity(64)
        append(bytes, to: &output)
        return output
    }

    public static func string<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
        String(decoding: self.bytes(bytes), as: UTF8.self)
    }
}
