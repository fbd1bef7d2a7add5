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
    /// (Named apart from `raw(_:)` so that a literal never picks this slower overload.)
    public mutating func unescaped(_ markup: String) {
        let done: Void? = markup.utf8.withContiguousStorageIfAvailable { bytes.append(contentsOf: $0) }
        if done == nil { bytes.append(contentsOf: Array(markup.utf8)) }
    }

    /// Character data: `&`, `<` and `>` become entities, as AWS writes them (its error messages
    /// carry `'` and `"` as they are, e.g. `Value 'x' at 'roleName'`); a carriage return becomes
    /// `&#xD;` so that a parser does not fold it into a newline; tab and newline stay; the other
    /// C0 control characters cannot appear in XML 1.0 at all, not even as references, and are
    /// written as U+FFFD. Never use this for attribute values that may hold a quote.
    public mutating func text(_ value: String) {
        let done: Void? = value.utf8.withContiguousStorageIfAvailable { appendEscaped($0) }
        if done == nil {
            let copy = Array(value.utf8)
            copy.withUnsafeBufferPointer { appendEscaped($0) }
        }
    }

    /// A string member whose model shape is `policyDocumentType`: IAM returns policy documents
    /// URL-encoded (RFC 3986) and botocore decodes them (`handlers.json_decode_policies`).
    /// The encoding leaves nothing that needs XML escaping.
    public mutating func urlEncoded(_ value: String) {
        PercentEncoding.appendRFC3986(value, to: &bytes)
    }

    public mutating func int(_ value: Int) {
        DecimalDigits.append(value, to: &bytes)
    }

    public mutating func bool(_ value: Bool) {
        if value { raw("true") } else { raw("false") }
    }

    /// ISO 8601 UTC, `2026-11-23T09:03:46Z`, as IAM and STS write times: the same text as
    /// `Timestamp.iso8601`, computed with integer arithmetic straight into the buffer (a list of
    /// 100 users carries 150 of them).
    public mutating func timestamp(_ value: Date) {
        let seconds = value.epochSecondsInFourDigitYears
        var days = seconds / 86_400
        var rest = seconds % 86_400
        if rest < 0 {
            rest += 86_400
            days -= 1
        }
        // Civil date from days since 1970-01-01 (H. Hinnant, "chrono-compatible low-level date algorithms").
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        twoDigits(year / 100)
        twoDigits(year % 100)
        bytes.append(UInt8(ascii: "-"))
        twoDigits(month)
        bytes.append(UInt8(ascii: "-"))
        twoDigits(day)
        bytes.append(UInt8(ascii: "T"))
        twoDigits(rest / 3600)
        bytes.append(UInt8(ascii: ":"))
        twoDigits(rest / 60 % 60)
        bytes.append(UInt8(ascii: ":"))
        twoDigits(rest % 60)
        bytes.append(UInt8(ascii: "Z"))
    }

    @inline(__always)
    private mutating func twoDigits(_ value: Int) {
        bytes.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: value / 10))
        bytes.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: value % 10))
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

    private mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        var runStart = 0
        var index = 0
        let count = utf8.count
        while index < count {
            let byte = utf8[index]
            // Everything that needs escaping is below "?" (0x3F): one compare for most bytes.
            if byte < 0x3F && Self.needsEscape(byte) {
                if runStart < index { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index])) }
                switch byte {
                case UInt8(ascii: "&"): raw("&amp;")
                case UInt8(ascii: "<"): raw("&lt;")
                case UInt8(ascii: ">"): raw("&gt;")
                case 0x0D: raw("&#xD;")
                default: raw("\u{FFFD}")
                }
                runStart = index + 1
            }
            index += 1
        }
        if runStart < count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<count])) }
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
