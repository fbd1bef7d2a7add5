/// Integers as decimal ASCII, appended to a response buffer without a String in between.
enum DecimalDigits {
    @inline(__always)
    static func append(_ value: Int, to bytes: inout [UInt8]) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        append(magnitude: value.magnitude, to: &bytes)
    }

    static func append(magnitude: UInt, to bytes: inout [UInt8]) {
        var magnitude = magnitude
        let start = bytes.count
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        bytes[start...].reverse()
    }
}
