/// An IP address as a 128-bit number (IPv4 in the low 32 bits), parsed from UTF-8 without allocating
/// because request addresses (aws:SourceIp) are parsed on every evaluation.
struct IPAddressValue: Sendable, Equatable {
    var high: UInt64
    var low: UInt64
    var isIPv6: Bool

    init?(_ text: String) {
        var text = text
        guard let value = text.withUTF8({ IPAddressValue($0) }) else { return nil }
        self = value
    }

    init?(_ bytes: UnsafeBufferPointer<UInt8>) {
        if bytes.contains(UInt8(ascii: ":")) {
            guard let groups = Self.ipv6Groups(bytes) else { return nil }
            high = groups.high
            low = groups.low
            isIPv6 = true
        } else {
            guard let value = Self.ipv4(bytes) else { return nil }
            high = 0
            low = UInt64(value)
            isIPv6 = false
        }
    }

    private static func ipv4(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32? {
        var value: UInt32 = 0
        var octet: UInt32 = 0
        var digits = 0
        var dots = 0
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard digits > 0, dots < 3 else { return nil }
                value = value << 8 | octet
                octet = 0
                digits = 0
                dots += 1
            } else {
                guard byte >= 0x30, byte <= 0x39, digits < 3 else { return nil }
                octet = octet * 10 + UInt32(byte - 0x30)
                digits += 1
                guard octet <= 255 else { return nil }
            }
        }
        guard dots == 3, digits > 0 else { return nil }
        return value << 8 | octet
    }

    /// Eight 16-bit groups with at most one "::" and an optional dotted IPv4 tail.
    private static func ipv6Groups(_ bytes: UnsafeBufferPointer<UInt8>) -> (high: UInt64, low: UInt64)? {
        var head = (UInt64(0), UInt64(0))
        var tail = (UInt64(0), UInt64(0))
        var headCount = 0
        var tailCount = 0
        var compressed = false
        var index = 0
        func append(_ group: UInt64) {
            if compressed {
                tail = (tail.0 << 16 | tail.1 >> 48, tail.1 << 16 | group)
                tailCount += 1
            } else {
                head = (head.0 << 16 | head.1 >> 48, head.1 << 16 | group)
                headCount += 1
            }
        }
        if bytes.count >= 2, bytes[0] == UInt8(ascii: ":"), bytes[1] == UInt8(ascii: ":") {
            compressed = true
            index = 2
        }
        while index < bytes.count {
            var end = index
            while end < bytes.count, bytes[end] != UInt8(ascii: ":") { end += 1 }
            let part = UnsafeBufferPointer(rebasing: bytes[index..<end])
            if end == bytes.count, part.contains(UInt8(ascii: ".")) {
                guard let v4 = ipv4(part) else { return nil }
                append(UInt64(v4 >> 16))
                append(UInt64(v4 & 0xFFFF))
            } else {
                guard let group = hexGroup(part) else { return nil }
                append(group)
            }
            guard headCount + tailCount <= 8 else { return nil }
            if end == bytes.count { break }
            // A colon ends the group; a second one right after is the "::" gap (allowed once).
            if end + 1 < bytes.count, bytes[end + 1] == UInt8(ascii: ":") {
                guard !compressed else { return nil }
                compressed = true
                index = end + 2
            } else {
                guard end + 1 < bytes.count else { return nil }
                index = end + 1
            }
        }
        let total = headCount + tailCount
        guard compressed ? total <= 7 : total == 8 else { return nil }
        // Shift the head groups up past the gap and the tail groups.
        var value = head
        for _ in 0..<(8 - headCount) { value = (value.0 << 16 | value.1 >> 48, value.1 << 16) }
        return (value.0 | tail.0, value.1 | tail.1)
    }

    private static func hexGroup(_ part: UnsafeBufferPointer<UInt8>) -> UInt64? {
        guard (1...4).contains(part.count) else { return nil }
        var value: UInt64 = 0
        for byte in part {
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x61...0x66: digit = byte - 0x61 + 10
            case 0x41...0x46: digit = byte - 0x41 + 10
            default: return nil
            }
            value = value << 4 | UInt64(digit)
        }
        return value
    }
}
