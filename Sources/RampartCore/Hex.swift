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
}
