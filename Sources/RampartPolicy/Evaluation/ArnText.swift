/// The shape test ArnLike applies to request values: "arn:" followed by the other five colon-separated
/// parts. A value without them is not an ARN and matches no ARN pattern.
enum ArnText {
    static func isWellFormed(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count >= 4, bytes[0] == UInt8(ascii: "a"), bytes[1] == UInt8(ascii: "r"),
            bytes[2] == UInt8(ascii: "n"), bytes[3] == UInt8(ascii: ":")
        else { return false }
        var colons = 0
        for byte in bytes where byte == UInt8(ascii: ":") {
            colons += 1
            if colons == 5 { return true }
        }
        return false
    }
}
