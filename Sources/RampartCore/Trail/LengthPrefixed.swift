/// Fields framed as their UTF-8 length, a colon and their bytes (`5:hello`): what the trail's hashes
/// and digest signatures cover, so that no choice of values can make two different field lists read
/// alike.
struct LengthPrefixed {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    mutating func append(_ field: String) {
        appendDecimal(field.utf8.count)
        bytes.append(UInt8(ascii: ":"))
        let copied: Void? = field.utf8.withContiguousStorageIfAvailable { bytes.append(contentsOf: $0) }
        if copied == nil { bytes.append(contentsOf: field.utf8) }
    }

    mutating func append(bytes field: ArraySlice<UInt8>) {
        appendLength(field.count)
        bytes.append(contentsOf: field)
    }

    /// A field's framing alone (its length and the colon), for a field whose bytes the caller hashes
    /// from where they are.
    mutating func appendLength(_ count: Int) {
        appendDecimal(count)
        bytes.append(UInt8(ascii: ":"))
    }

    /// A number as a field: the same bytes as `append(String(number))`, without making the string
    /// (every event's hash frames its sequence and time).
    mutating func append(_ number: Int64) {
        let magnitude = number.magnitude
        var digits = 1
        var rest = magnitude / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        appendDecimal(digits + (number < 0 ? 1 : 0))
        bytes.append(UInt8(ascii: ":"))
        if number < 0 { bytes.append(UInt8(ascii: "-")) }
        appendDigits(magnitude)
    }

    private mutating func appendDecimal(_ count: Int) {
        appendDigits(UInt64(count))
    }

    private mutating func appendDigits(_ value: UInt64) {
        if value >= 10 { appendDigits(value / 10) }
        bytes.append(UInt8(ascii: "0") + UInt8(value % 10))
    }
}
