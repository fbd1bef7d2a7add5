/// The id AWS gives every response (`x-amzn-RequestId`, `<RequestId>`): a random (version 4) UUID
/// in lower case.
///
/// Made here rather than with Foundation's `UUID().uuidString`, which on Linux opens
/// `/dev/urandom` and formats with `sprintf` for every id: a tenth of the time of a GetUser.
public enum AWSRequestID {
    public static func make() -> String {
        var bytes = RandomBytes.make(16)
        bytes[6] = (bytes[6] & 0x0F) | 0x40  // version 4
        bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 4122 variant
        var text = [UInt8]()
        text.reserveCapacity(36)
        for (index, range) in [0..<4, 4..<6, 6..<8, 8..<10, 10..<16].enumerated() {
            if index > 0 { text.append(UInt8(ascii: "-")) }
            Hex.append(bytes[range], to: &text)
        }
        return String(decoding: text, as: UTF8.self)
    }
}
