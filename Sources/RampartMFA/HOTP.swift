/// RFC 4226 counter-based one-time passwords, the building block of TOTP.
public enum HOTP {
    /// The largest code length whose values a 31-bit truncated HMAC can still fill (2^31 has 10 digits).
    static let maximumDigits = 10

    /// RFC 4226 dynamic truncation, zero-padded to `digits` (1...10).
    public static func code(secret: [UInt8], counter: UInt64, digits: Int, algorithm: OTPAlgorithm) -> String {
        String(
            decoding: asciiCode(mac: KeyedHMAC(algorithm: algorithm, key: secret), counter: counter, digits: digits),
            as: UTF8.self)
    }

    /// The code as ASCII digit bytes: what verification compares, without building a `String` per step.
    static func asciiCode(mac: KeyedHMAC, counter: UInt64, digits: Int) -> [UInt8] {
        precondition((1...maximumDigits).contains(digits), "HOTP codes have 1 to \(maximumDigits) digits")
        var value = UInt64(truncatedValue(mac: mac, counter: counter))
        var code = [UInt8](repeating: UInt8(ascii: "0"), count: digits)
        // Taking the low `digits` decimal digits is the RFC's `mod 10^digits`; the leading zeros are already there.
        for index in code.indices.reversed() {
            code[index] = UInt8(ascii: "0") + UInt8(value % 10)
            value /= 10
        }
        return code
    }

    /// RFC 4226 section 5.3: four bytes of the HMAC at an offset taken from its last nibble, top bit cleared so the
    /// result reads the same as a signed or unsigned 32-bit integer.
    static func truncatedValue(mac keyed: KeyedHMAC, counter: UInt64) -> UInt32 {
        // The counter as 8 bytes, most significant first.
        let mac = withUnsafeBytes(of: counter.bigEndian) { keyed.authenticationCode(for: $0) }
        let offset = Int(mac[mac.count - 1] & 0x0f)
        return UInt32(mac[offset] & 0x7f) << 24 | UInt32(mac[offset + 1]) << 16 | UInt32(mac[offset + 2]) << 8
            | UInt32(mac[offset + 3])
    }
}
