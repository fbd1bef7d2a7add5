/// The CRC-32 of ISO 3309 (PNG chunks, zlib's `crc32`): reflected polynomial 0xEDB88320, initial value and final
/// XOR all ones.
enum CRC32 {
    /// The CRC of every byte value, so each input byte costs one lookup instead of eight shifts.
    private static let table: [UInt32] = (0..<256).map { byte in
        var value = UInt32(byte)
        for _ in 0..<8 {
            value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1
        }
        return value
    }

    static func checksum<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc = table[Int((crc ^ UInt32(byte)) & 0xff)] ^ (crc >> 8)
        }
        return crc ^ 0xFFFF_FFFF
    }
}
