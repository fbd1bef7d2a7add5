import RampartCore

/// The bodies AWS wraps errors in.
///
/// Query (IAM, STS), with the service's namespace on the root as both services send it:
///
///     <ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
///       <Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>…</Message></Error>
///       <RequestId>…</RequestId>
///     </ErrorResponse>
///
/// JSON 1.1 (Organizations, CloudTrail, Config): `{"__type":"Code","message":"…"}` (no
/// `message` when there is none, as for `UnknownOperationException`).
/// The HTTP status is `AWSError.httpStatus` in both cases.
public enum ErrorEnvelope {
    public static func query(_ error: AWSError, requestId: String, xmlNamespace: String) -> [UInt8] {
        var xml = XMLWriter(capacity: 256 + error.message.utf8.count)
        xml.raw("<ErrorResponse xmlns=\"")
        xml.text(xmlNamespace)
        xml.raw("\"><Error><Type>")
        xml.text(error.fault.rawValue)
        xml.raw("</Type><Code>")
        xml.text(error.code)
        xml.raw("</Code><Message>")
        xml.text(error.message)
        xml.raw("</Message></Error><RequestId>")
        xml.text(requestId)
        xml.raw("</RequestId></ErrorResponse>")
        return xml.bytes
    }

    public static func json(_ error: AWSError) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(48 + error.message.utf8.count)
        out.append(contentsOf: #"{"__type":"#.utf8)
        JSONText.appendString(error.code, to: &out)
        if !error.message.isEmpty {
            out.append(contentsOf: #","message":"#.utf8)
            JSONText.appendString(error.message, to: &out)
        }
        out.append(UInt8(ascii: "}"))
        return out
    }
}

/// JSON string literals, escaped per RFC 8259.
public enum JSONText {
    public static func appendString(_ value: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x00..<0x20:
                out.append(contentsOf: Array("\\u00".utf8))
                out.append(PercentEncoding.hexDigits[Int(byte >> 4)])
                out.append(PercentEncoding.hexDigits[Int(byte & 0x0F)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
