import Foundation
import RampartCore
import RampartWire
import Testing

@Suite struct XMLWriterTests {
    private func text(_ value: String) -> String {
        var xml = XMLWriter()
        xml.text(value)
        return string(xml.bytes)
    }

    @Test func escapesMarkupCharacters() {
        #expect(text("plain") == "plain")
        #expect(text(#"a & b < c > d "e" 'f'"#) == #"a &amp; b &lt; c &gt; d "e" 'f'"#)
        #expect(text("Zürich ✓") == "Zürich ✓")
    }

    @Test func controlCharacters() {
        #expect(text("a\tb\nc") == "a\tb\nc")
        #expect(text("a\r\nb") == "a&#xD;\nb")
        #expect(text("a\u{1}b\u{1F}") == "a\u{FFFD}b\u{FFFD}")
    }

    @Test func scalars() {
        var xml = XMLWriter()
        xml.int(0)
        xml.raw(",")
        xml.int(-1234)
        xml.raw(",")
        xml.int(Int.max)
        xml.raw(",")
        xml.bool(true)
        xml.bool(false)
        xml.raw(",")
        xml.timestamp(Date(timeIntervalSince1970: 1_795_000_000))
        xml.raw(",")
        xml.base64(Array("hello!?".utf8))
        #expect(string(xml.bytes) == "0,-1234,9223372036854775807,truefalse,2026-11-18T11:06:40Z,aGVsbG8hPw==")
    }

    /// The writer formats times itself (no libc call, no String); it must agree with Timestamp.
    @Test func timestampsAgreeWithCore() {
        var samples: [TimeInterval] = [
            0, -1, 59, 86_399, 86_400, 951_782_400, 951_868_799.999, 1_709_164_800, 4_102_444_800,
            253_402_300_799, -2_208_988_800, 1_795_424_626.5,
        ]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<20_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            samples.append(TimeInterval(Int64(state >> 31) % 253_402_300_799))
        }
        for seconds in samples {
            let date = Date(timeIntervalSince1970: seconds)
            var xml = XMLWriter()
            xml.timestamp(date)
            #expect(string(xml.bytes) == Timestamp.iso8601(date), "\(seconds)")
        }
    }

    /// Beyond four-digit years the digits once overflowed a byte and trapped; such a date is
    /// written as the nearest the format holds.
    @Test func farDatesAreClampedToFourDigitYears() {
        for (seconds, text) in [
            (1e300, "9999-12-31T23:59:59Z"), (-1e300, "0000-01-01T00:00:00Z"), (1e15, "9999-12-31T23:59:59Z"),
        ] {
            var xml = XMLWriter()
            xml.timestamp(Date(timeIntervalSince1970: seconds))
            #expect(string(xml.bytes) == text)
        }
    }

    @Test func urlEncodedPolicyDocument() {
        var xml = XMLWriter()
        xml.urlEncoded(#"{"Version": "2012-10-17", "Resource": "a&b<c>"}"#)
        let expected = "%7B%22Version%22%3A%20%222012-10-17%22%2C%20%22Resource%22%3A%20%22a%26b%3Cc%3E%22%7D"
        #expect(string(xml.bytes) == expected)
    }

    @Test func responseMetadata() {
        var xml = XMLWriter()
        xml.responseMetadata(requestId: "r-1")
        #expect(string(xml.bytes) == "<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>")
    }
}
