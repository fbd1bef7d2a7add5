import Foundation
import RampartCore
import RampartWire
import Testing

/// The strict reader behind every JSON 1.1 request body.
@Suite struct JSONValueTests {
    private func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        try JSONValue(parsing: Array(text.utf8))
    }

    private func reason(_ bytes: [UInt8]) -> JSONSyntaxError.Reason? {
        do {
            _ = try JSONValue(parsing: bytes)
            return nil
        } catch {
            return error.reason
        }
    }

    private func reason(_ text: String) -> JSONSyntaxError.Reason? { reason(Array(text.utf8)) }

    @Test func readsADocument() throws {
        let value = try parse(
            #" {"Name": "a\"b\\c\/d", "Max": -12.5e+3, "On": true, "Off": false, "No": null,"#
                + #" "List": [1, [], {}], "Nested": {"K": "v"}} "#)
        #expect(
            value
                == .object([
                    "Name": .string(#"a"b\c/d"#), "Max": .number("-12.5e+3"), "On": .bool(true), "Off": .bool(false),
                    "No": .null, "List": .array([.number("1"), .array([]), .object([:])]),
                    "Nested": .object(["K": .string("v")]),
                ]))
    }

    @Test func escapesAndUnicode() throws {
        #expect(try parse(#""\b\f\n\r\t\u0041\u00e9\u20AC""#) == .string("\u{8}\u{C}\n\r\tAé€"))
        // A surrogate pair names one scalar, as Python's json.dumps writes non-BMP characters.
        #expect(try parse(#""\ud83d\ude00 x""#) == .string("😀 x"))
        #expect(try parse("\"Zürich 😀\"") == .string("Zürich 😀"))
        // A byte order mark before the value is ignored.
        #expect(try JSONValue(parsing: [0xEF, 0xBB, 0xBF] + Array("{}".utf8)) == .object([:]))
    }

    @Test(arguments: [
        ("", JSONSyntaxError.Reason.unexpectedEnd), ("[1,]", .unexpectedByte), (#"{"a":1,}"#, .unexpectedByte),
        ("01", .invalidNumber), ("-", .invalidNumber), ("1.", .invalidNumber), (".5", .unexpectedByte),
        ("1e", .invalidNumber), ("+1", .unexpectedByte), ("NaN", .unexpectedByte), ("Infinity", .unexpectedByte),
        ("'a'", .unexpectedByte), (#"{"a" 1}"#, .unexpectedByte), (#"{a:1}"#, .unexpectedByte),
        (#""\x""#, .invalidEscape), (#""\u12""#, .invalidEscape), (#""\ud800""#, .unpairedSurrogate),
        (#""\ud800\u0041""#, .unpairedSurrogate), (#""\udc00""#, .unpairedSurrogate), ("\"a\u{1}\"", .controlCharacter),
        ("\"a\nb\"", .controlCharacter), (#"{"a":1,"a":2}"#, .duplicateName), (#"{"a":{"b":1,"b":1}}"#, .duplicateName),
        ("{} x", .trailingBytes), ("true false", .trailingBytes), ("/* c */ {}", .unexpectedByte),
        ("[", .unexpectedEnd),
        (#"{"a":"#, .unexpectedEnd), (#""abc"#, .unexpectedEnd), ("tru", .unexpectedEnd), ("nul!", .unexpectedByte),
    ])
    func refusesWhatRFC8259Refuses(_ text: String, _ expected: JSONSyntaxError.Reason) {
        #expect(reason(text) == expected, "\(text)")
    }

    @Test func refusesMalformedUTF8() {
        let quote = UInt8(ascii: "\"")
        #expect(reason([quote, 0xC3, 0x28, quote]) == .invalidUTF8)
        #expect(reason([quote, 0xC0, 0xAF, quote]) == .invalidUTF8)  // overlong "/"
        #expect(reason([quote, 0xED, 0xA0, 0x80, quote]) == .invalidUTF8)  // a surrogate, UTF-8 encoded
        #expect(reason([quote, 0xF4, 0x90, 0x80, 0x80, quote]) == .invalidUTF8)  // beyond U+10FFFF
        #expect(reason([quote, 0x5C, 0x6E, 0xFF, quote]) == .invalidUTF8)  // after an escape
        #expect(reason([quote, 0xE2, 0x82, 0xAC, quote]) == nil)
    }

    @Test func depthIsBounded() {
        let limit = JSONValue.defaultMaximumDepth
        let deepest = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
        #expect(reason(deepest) == nil)
        let tooDeep = String(repeating: "[", count: limit + 1) + String(repeating: "]", count: limit + 1)
        #expect(reason(tooDeep) == .tooDeep)
        let objects = String(repeating: #"{"a":"#, count: limit + 1) + "1" + String(repeating: "}", count: limit + 1)
        #expect(reason(objects) == .tooDeep)
        // Far past the limit, the reader stops at the limit: no stack to exhaust.
        #expect(reason(String(repeating: "[", count: 1_000_000)) == .tooDeep)
    }

    @Test func errorsSayWhere() {
        do {
            _ = try parse(#"{"a":1,"a":2}"#)
            Issue.record("accepted a duplicate name")
        } catch {
            #expect(error == JSONSyntaxError(.duplicateName, at: 7))
            #expect(error.description == "member name given twice in one object at byte 7")
        }
    }

    @Test func writesBackWhatItRead() throws {
        let text = #"{"b":[1,-0.5,1E+2,"x\u0001\"",true,null],"a":{"é":{}}}"#
        let value = try parse(text)
        var json = JSONWriter()
        json.value(value)
        #expect(string(json.bytes) == #"{"a":{"é":{}},"b":[1,-0.5,1E+2,"x\u0001\"",true,null]}"#)
        #expect(try JSONValue(parsing: json.bytes) == value)
    }
}
