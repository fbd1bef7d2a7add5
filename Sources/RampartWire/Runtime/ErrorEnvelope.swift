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
/// with no `Message` element when the error has no message.
///
/// JSON 1.1 (Organizations, CloudTrail, Config): `{"__type":"Code","message":"…"}`, the message
/// under the name the service's model gives it (`Message` for Organizations, whose botocore
/// exceptions then carry it as `e.response['Message']` too) and the error's `fields` after it, in
/// name order (`"Reason":"…"`); no message member when there is none, as for
/// `UnknownOperationException`.
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
        xml.raw("</Code>")
        // No Message element for an error without one, as AWS sends ReportNotPresent: botocore then
        // reports "Unknown", where an empty element would read as None.
        if !error.message.isEmpty {
            xml.raw("<Message>")
            xml.text(error.message)
            xml.raw("</Message>")
        }
        xml.raw("</Error><RequestId>")
        xml.text(requestId)
        xml.raw("</RequestId></ErrorResponse>")
        return xml.bytes
    }

    public static func json(_ error: AWSError, messageKey: String = "message") -> [UInt8] {
        var json = JSONWriter(capacity: 48 + error.message.utf8.count)
        json.beginObject()
        json.key("__type")
        json.string(error.code)
        if !error.message.isEmpty {
            json.dynamicKey(messageKey)
            json.string(error.message)
        }
        for name in error.fields.keys.sorted() where name != "__type" && name != messageKey {
            json.dynamicKey(name)
            json.string(error.fields[name] ?? "")
        }
        json.endObject()
        return json.bytes
    }
}

/// JSON string literals, escaped per RFC 8259: `"` and `\`, and the C0 controls (`\n`, `\r`,
/// `\t`, the others as `\u00XX`); everything else as its UTF-8, as Jackson writes it.
public enum JSONText {
    public static func appendString(_ value: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var runStart = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if runStart < index { out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index])) }
                appendEscape(byte, to: &out)
                runStart = index + 1
            }
            if runStart < utf8.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func appendEscape(_ byte: UInt8, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(byte)
        case 0x0A: out.append(UInt8(ascii: "n"))
        case 0x0D: out.append(UInt8(ascii: "r"))
        case 0x09: out.append(UInt8(ascii: "t"))
        default:
            out.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
            out.append(PercentEncoding.hexDigits[Int(byte >> 4)])
            out.append(PercentEncoding.hexDigits[Int(byte & 0x0F)])
        }
    }
}
