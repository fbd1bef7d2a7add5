/// Percent-encoding in the two forms the AWS wire uses: form decoding of request bodies
/// (`application/x-www-form-urlencoded`, `+` is a space) and RFC 3986 encoding of the policy
/// documents IAM returns inside XML (`A-Z a-z 0-9 - . _ ~` kept, every other UTF-8 byte `%XX`).
public enum PercentEncoding {
    /// Decodes one form component. Returns nil for a `%` not followed by two hex digits or for
    /// bytes that are not UTF-8 once decoded.
    public static func decodeFormComponent(_ bytes: ArraySlice<UInt8>) -> String? {
        var plain = true
        for byte in bytes where byte == UInt8(ascii: "%") || byte == UInt8(ascii: "+") {
            plain = false
            break
        }
        if plain { return validUTF8String(bytes) }
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
                index += 1
            } else if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.endIndex, let high = hexValue(bytes[index + 1]),
                    let low = hexValue(bytes[index + 2])
                else { return nil }
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(byte)
                index += 1
            }
        }
        return validUTF8String(out[...])
    }

    /// The string these bytes spell, or nil when they are not well-formed UTF-8.
    static func validUTF8String(_ bytes: ArraySlice<UInt8>) -> String? {
        var ascii = true
        for byte in bytes where byte >= 0x80 {
            ascii = false
            break
        }
        if !ascii {
            var iterator = bytes.makeIterator()
            var decoder = UTF8()
            loop: while true {
                switch decoder.decode(&iterator) {
                case .scalarValue: continue
                case .emptyInput: break loop
                case .error: return nil
                }
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Decodes a form component given as text (convenience for tests and query strings).
    public static func decodeFormComponent(_ text: String) -> String? {
        decodeFormComponent(Array(text.utf8)[...])
    }

    /// Appends the RFC 3986 encoding of `text` to `bytes`: unreserved characters as they are,
    /// everything else as `%XX` of its UTF-8 bytes (uppercase hex, as AWS writes it).
    public static func appendRFC3986(_ text: String, to bytes: inout [UInt8]) {
        for byte in text.utf8 {
            if isUnreserved(byte) {
                bytes.append(byte)
            } else {
                bytes.append(UInt8(ascii: "%"))
                bytes.append(hexDigits[Int(byte >> 4)])
                bytes.append(hexDigits[Int(byte & 0x0F)])
            }
        }
    }

    /// The RFC 3986 encoding of `text` as a string.
    public static func encodeRFC3986(_ text: String) -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(text.utf8.count)
        appendRFC3986(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Form-encodes a parameter list the way the SDKs do (RFC 3986, `%20` for a space), for
    /// building request bodies in tests and clients.
    public static func formEncode(_ parameters: [(String, String)]) -> String {
        var bytes = [UInt8]()
        for (index, (key, value)) in parameters.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: "&")) }
            appendRFC3986(key, to: &bytes)
            bytes.append(UInt8(ascii: "="))
            appendRFC3986(value, to: &bytes)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @inline(__always)
    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)
}
