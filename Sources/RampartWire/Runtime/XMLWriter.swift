import Foundation
import RampartCore

/// A byte buffer that XML responses are written into: tags as static strings, values escaped.
///
/// This is the hot path of every Query response (XMLCoder took 24.7 ms for ListUsers(100),
/// a writer like this one 0.19 ms), so it appends bytes and nothing else: no DOM, no
/// Foundation formatters, one growing array.
public struct XMLWriter: Sendable {
    public private(set) var bytes: [UInt8]

    public init(capacity: Int = 1024) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Markup known at compile time (`<UserName>`), written as it is.
    @inline(__always)
    public mutating func raw(_ markup: StaticString) {
        markup.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Markup built at run time, written as it is. The caller guarantees it is well-formed.
    public mutating func raw(_ markup: String) {
        bytes.append(contentsOf: markup.utf8)
    }

    /// Character data: `&`, `<` and `>` become entities, as AWS writes them (its error messages
    /// carry `'` and `"` as they are, e.g. `Value 'x' at 'roleName'`); a carriage return becomes
    /// `&#xD;` so that a parser does not fold it into a newline; tab and newline stay; the other
    /// C0 control characters cannot appear in XML 1.0 at all, not even as references, and are
    /// written as U+FFFD. Never use this for attribute values that may hold a quote.
    public mutating func text(_ value: String) {
        let done = value.utf8.withContiguousStorageIfAvailable { appendEscaped($0) }
        if done == nil { appendEscaped(Array(value.utf8)) }
    }

    /// A string member whose model shape is `policyDocumentType`: IAM returns policy documents
    /// URL-encoded (RFC 3986) and botocore decodes them (`handlers.json_decode_policies`).
    /// The encoding leaves nothing that needs XML escaping.
    public mutating func urlEncoded(_ value: String) {
        PercentEncoding.appendRFC3986(value, to: &bytes)
    }

    public mutating func int(_ value: Int) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        let start = bytes.count
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        bytes[start...].reverse()
    }

    public mutating func bool(_ value: Bool) {
        if value { raw("true") } else { raw("false") }
    }

    /// ISO 8601 UTC, `2026-11-23T09:03:46Z`, as IAM and STS write times.
    public mutating func timestamp(_ value: Date) {
        bytes.append(contentsOf: Timestamp.iso8601(value).utf8)
    }

    public mutating func base64(_ value: [UInt8]) {
        Base64.append(value, to: &bytes)
    }

    /// `<ResponseMetadata><RequestId>…</RequestId></ResponseMetadata>`, the tail of every response.
    public mutating func responseMetadata(requestId: String) {
        raw("<ResponseMetadata><RequestId>")
        text(requestId)
        raw("</RequestId></ResponseMetadata>")
    }

    private mutating func appendEscaped(_ utf8: some Collection<UInt8>) {
        var clean = true
        for byte in utf8 where Self.needsEscape(byte) {
            clean = false
            break
        }
        if clean {
            bytes.append(contentsOf: utf8)
            return
        }
        for byte in utf8 {
            if !Self.needsEscape(byte) {
                bytes.append(byte)
                continue
            }
            switch byte {
            case UInt8(ascii: "&"): raw("&amp;")
            case UInt8(ascii: "<"): raw("&lt;")
            case UInt8(ascii: ">"): raw("&gt;")
            case 0x0D: raw("&#xD;")
            default: bytes.append(contentsOf: [0xEF, 0xBF, 0xBD])
            }
        }
    }

    @inline(__always)
    private static func needsEscape(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"):
            return true
        case 0x09, 0x0A:
            return false
        case 0x00..<0x20:
            return true
        default:
            return false
        }
    }
}
