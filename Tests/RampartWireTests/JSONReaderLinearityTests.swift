import Foundation
import RampartCore
import RampartServices
import RampartTestSupport
import RampartWire
import Testing

/// JSON 1.1 bodies reach the reader once the signature checks out, from any caller with a key:
/// each shape of hostile body must cost time in proportion to its length (1 KB, 64 KB, 1 MB).
/// One measurement at a time: on two cores, cases timed side by side mostly measure each other.
@Suite(.serialized) struct JSONReaderLinearityTests {
    private func expectLinear(_ input: @escaping (Int) -> [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        let steps = Linearity.superLinearSteps(input: input) { bytes in _ = try? JSONValue(parsing: bytes) }
        #expect(steps.isEmpty, "\(steps)", sourceLocation: sourceLocation)
    }

    /// `unit` repeated inside `head` … `tail`, to about `size` bytes.
    private func body(_ head: String, _ unit: String, _ tail: String, _ size: Int) -> [UInt8] {
        Array(head.utf8) + Linearity.repeated(unit, toSize: max(0, size - head.utf8.count - tail.utf8.count))
            + Array(tail.utf8)
    }

    @Test(arguments: ["1,", "\"a\",", "null,", "{},", "[[[[1]]]],", "-0.5e+10,"])
    func longArrays(_ unit: String) {
        expectLinear { size in
            var bytes = body("[", unit, "", size)
            while bytes.last != UInt8(ascii: ",") { bytes.removeLast() }
            return bytes + Array("0]".utf8)
        }
    }

    /// Escapes, surrogate pairs, non-ASCII to validate. (Where the size cuts a unit short the
    /// string may end malformed: that costs the same scan.)
    @Test(arguments: [#"\u0041"#, #"\ud83d\ude00"#, "é", "a"])
    func longStrings(_ unit: String) {
        expectLinear { size in body("\"", unit, "\"", size) }
    }

    @Test func manyMembersThenADuplicate() {
        expectLinear { size in
            var bytes = Array("{".utf8)
            var index = 0
            while bytes.count < size {
                bytes += Array(#""member\#(index)":[\#(index)],"#.utf8)
                index += 1
            }
            return bytes + Array(#""member0":1}"#.utf8)
        }
    }

    @Test func longNumbers() {
        expectLinear { size in Linearity.repeated("7", toSize: size) }
        expectLinear { size in Array("0.".utf8) + Linearity.repeated("7", toSize: size) + Array("e".utf8) }
    }

    /// Nesting to the limit, over and over: the depth check never turns into a walk back up.
    @Test func deepNestingRepeated() {
        let depth = JSONValue.defaultMaximumDepth - 1
        let unit = String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + ","
        expectLinear { size in
            var bytes = body("[", unit, "", size)
            while bytes.last != UInt8(ascii: ",") { bytes.removeLast() }
            return bytes + Array("0]".utf8)
        }
    }

    @Test func unterminatedAndTooDeep() {
        expectLinear { size in Linearity.repeated("[", toSize: size) }
        expectLinear { size in Linearity.repeated(#"{"a":"#, toSize: size) }
        expectLinear { size in body("\"", "a", "", size) }
        expectLinear { size in Linearity.repeated(" ", toSize: size) }
    }

    /// Through the generated decoder: a hostile email (the pattern whose last `.` decides the
    /// match, where a backtracking engine is quadratic), and a list of many invalid tags.
    @Test(arguments: ["a.", ".", "a@b.", "@"])
    func decodingAHostileEmail(_ unit: String) {
        let steps = Linearity.superLinearSteps(
            input: { size in body(#"{"AccountName": "n", "Email": "a@"#, unit, #" "}"#, size) },
            parse: { body in _ = try? Organizations.CreateAccountRequest(jsonBody: body) })
        #expect(steps.isEmpty, "\(steps)")
    }

    @Test func decodingManyInvalidTags() {
        let steps = Linearity.superLinearSteps(
            input: { size in
                var bytes = body(#"{"ResourceId": "r-ab12", "Tags": ["#, #"{"Key": "", "Value": "\u0001"},"#, "", size)
                while bytes.last != UInt8(ascii: ",") { bytes.removeLast() }
                return bytes + Array(#"{"Key": "k", "Value": "v"}]}"#.utf8)
            },
            parse: { body in _ = try? Organizations.TagResourceRequest(jsonBody: body) })
        #expect(steps.isEmpty, "\(steps)")
    }
}
