import RampartCore

/// The two directions of percent-encoding SigV4 needs.
///
/// Encoding is AWS's `UriEncode`: the unreserved bytes `A–Z a–z 0–9 - . _ ~` stay, every other byte
/// becomes `%XX` in upper case. Decoding is form decoding, because IAM and STS read their query
/// strings as `application/x-www-form-urlencoded`: botocore sends a space in a query value as `+`
/// while signing it as `%20` (see `sigv4auth-get-query-parameters` in the botocore vectors), so the
/// canonical query has to decode `+` as a space exactly as the operation's parameter parser will.
enum PercentEncoding {
    private static let upperHex: [UInt8] = Array("0123456789ABCDEF".utf8)

    private static let unreserved: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for byte in UInt8(ascii: "A")...UInt8(ascii: "Z") { table[Int(byte)] = true }
        for byte in UInt8(ascii: "a")...UInt8(ascii: "z") { table[Int(byte)] = true }
        for byte in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(byte)] = true }
        for byte in "-._~".utf8 { table[Int(byte)] = true }
        return table
    }()

    /// Appends `bytes` URI-encoded; `/` is kept when encoding a path.
    static func append<Bytes: Sequence<UInt8>>(_ bytes: Bytes, to output: inout [UInt8], keepingSlash: Bool = false) {
        for byte in bytes {
            if unreserved[Int(byte)] || (keepingSlash && byte == UInt8(ascii: "/")) {
                output.append(byte)
            } else {
                output.append(UInt8(ascii: "%"))
                output.append(upperHex[Int(byte >> 4)])
                output.append(upperHex[Int(byte & 0x0F)])
            }
        }
    }

    static func encode(_ text: String) -> String {
        var output = [UInt8]()
        output.reserveCapacity(text.utf8.count)
        append(text.utf8, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Form-decodes one query key or value. A `%` not followed by two hex digits is refused rather
    /// than passed through: if this decoder and the operation's parameter parser disagreed about
    /// such bytes, two different requests could share one canonical form, and so one signature.
    static func formDecode<Bytes: Collection<UInt8>>(_ bytes: Bytes) throws(AWSError) -> [UInt8] {
        var output = [UInt8]()
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+") {
                output.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%") {
                let high = bytes.index(after: index)
                guard high != bytes.endIndex, bytes.index(after: high) != bytes.endIndex else {
                    throw AWSError.malformedQueryString("Incomplete trailing escape % sequence")
                }
                let low = bytes.index(after: high)
                guard let h = hexValue(bytes[high]), let l = hexValue(bytes[low]) else {
                    let pattern = String(decoding: [byte, bytes[high], bytes[low]], as: UTF8.self)
                    throw AWSError.malformedQueryString("Illegal hex character in escape % pattern: \(pattern)")
                }
                output.append(h << 4 | l)
                index = low
            } else {
                output.append(byte)
            }
            index = bytes.index(after: index)
        }
        return output
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
