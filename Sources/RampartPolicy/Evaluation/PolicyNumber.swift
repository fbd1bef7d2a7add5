/// Reads numbers as the Numeric condition operators do: decimal integers and fractions, optionally signed
/// or with an exponent. Swift's Double(String) also accepts "nan", "inf" and hexadecimal, which IAM does not.
enum PolicyNumber {
    static func parse(_ text: String) -> Double? {
        var sawDigit = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): sawDigit = true
            case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): continue
            default: return nil
            }
        }
        guard sawDigit, let value = Double(text), value.isFinite else { return nil }
        return value
    }
}
