/// An IPv4 or IPv6 CIDR block from an IpAddress/NotIpAddress condition; a bare address is a /32 or /128.
struct IPRange: Sendable, Equatable {
    var address: IPAddressValue
    var prefixLength: Int

    init?(_ text: String) {
        var text = text
        guard let parsed = text.withUTF8({ Self.parse($0) }) else { return nil }
        self = parsed
    }

    private init(address: IPAddressValue, prefixLength: Int) {
        self.address = address
        self.prefixLength = prefixLength
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> IPRange? {
        let slash = bytes.firstIndex(of: UInt8(ascii: "/")) ?? bytes.count
        guard let address = IPAddressValue(UnsafeBufferPointer(rebasing: bytes[..<slash])) else { return nil }
        let maximum = address.isIPv6 ? 128 : 32
        guard slash < bytes.count else { return IPRange(address: address, prefixLength: maximum) }
        let digits = bytes[(slash + 1)...]
        guard (1...3).contains(digits.count), digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        let length = digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        guard length <= maximum else { return nil }
        return IPRange(address: address, prefixLength: length)
    }

    /// IPv4 never matches an IPv6 block or the reverse (AWS documents the two families separately).
    func contains(_ candidate: IPAddressValue) -> Bool {
        guard candidate.isIPv6 == address.isIPv6 else { return false }
        let bits = address.isIPv6 ? prefixLength : prefixLength + 96
        let highMask: UInt64 = bits >= 64 ? ~0 : (bits == 0 ? 0 : ~0 << (64 - bits))
        let lowMask: UInt64 = bits <= 64 ? 0 : (bits >= 128 ? ~0 : ~0 << (128 - bits))
        return candidate.high & highMask == address.high & highMask && candidate.low & lowMask == address.low & lowMask
    }
}
