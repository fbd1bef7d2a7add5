import Testing

@testable import RampartPolicy

@Suite struct LintJSONReaderTests {
    @Test func recordsPositionsOfMembersAndValues() throws {
        let root = try LintJSONReader.read("{\n  \"a\": [1, \"x\"],\n\t\"b\" : {\"c\": null}\n}")
        #expect(root.position == LintPosition(line: 1, column: 1))
        let a = try #require(root.member("a"))
        #expect(a.namePosition == LintPosition(line: 2, column: 3))
        #expect(a.value.position == LintPosition(line: 2, column: 8))
        #expect(
            a.value.elements.map(\.position) == [LintPosition(line: 2, column: 9), LintPosition(line: 2, column: 12)])
        let b = try #require(root.member("b"))
        #expect(b.namePosition == LintPosition(line: 3, column: 2))
        #expect(b.value.member("c")?.value == LintJSONNode(value: .null, position: LintPosition(line: 3, column: 14)))
    }

    @Test func crlfCountsAsOneLineBreak() throws {
        let root = try LintJSONReader.read("{\r\n\"a\": true,\r\n\"b\": false\r\n}")
        #expect(root.member("b")?.namePosition == LintPosition(line: 3, column: 1))
        #expect(root.member("b")?.value.value == .bool(false))
    }

    @Test func columnsCountUnicodeScalars() throws {
        let root = try LintJSONReader.read("{\"é😀\": \"ü\", \"k\": 1}")
        #expect(root.member("k")?.namePosition == LintPosition(line: 1, column: 13))
    }

    @Test func decodesEscapes() throws {
        let root = try LintJSONReader.read(#"["a\"b\\c\/d\n", "\u00e9\ud83d\ude00", "\t"]"#)
        #expect(root.elements.map(\.string) == ["a\"b\\c/d\n", "é😀", "\t"])
    }

    @Test func keepsNumbersAsWritten() throws {
        let root = try LintJSONReader.read("[0, -1.5e+3, 3600]")
        #expect(root.elements.map(\.value) == [.number("0"), .number("-1.5e+3"), .number("3600")])
    }

    @Test func keepsDuplicateMembersInOrder() throws {
        let root = try LintJSONReader.read(#"{"a": 1, "a": 2}"#)
        #expect(root.members?.count == 2)
        #expect(root.member("a")?.value.value == .number("2"))
    }

    @Test func skipsAByteOrderMark() throws {
        #expect(try LintJSONReader.read("\u{FEFF}{}").members == [])
    }

    @Test(arguments: [
        ("", 1, 1, "unexpected end of document, expected a value"),
        ("{\"a\": 1,}", 1, 9, "expected a member name in double quotes"),
        ("{\"a\" 1}", 1, 6, "expected ':' after the member name"),
        ("[1 2]", 1, 4, "expected ',' or ']' in array"),
        ("{\n  \"a\": tru\n}", 2, 11, "invalid literal, expected 'true'"),
        ("[01]", 1, 3, "expected ',' or ']' in array"),
        ("[1.]", 1, 4, "expected a digit after '.'"),
        ("[-]", 1, 3, "expected a digit"),
        ("\"abc", 1, 5, "unterminated string"),
        ("\"a\u{1}\"", 1, 3, "control character U+0001 must be escaped in a string"),
        (#""\x""#, 1, 3, "invalid escape '\\x'"),
        (#""\ud800x""#, 1, 8, "unpaired surrogate in \\u escape"),
        (#""\u12G4""#, 1, 6, "expected four hex digits after \\u"),
        ("{} {}", 1, 4, "unexpected text after the end of the document"),
        ("'a'", 1, 1, "unexpected character ''', expected a value"),
    ])
    func refusesInvalidJSON(text: String, line: Int, column: Int, reason: String) {
        #expect(throws: LintError.notJSON(line: line, column: column, reason: reason)) {
            try LintJSONReader.read(text)
        }
    }

    @Test func limitsNesting() {
        let deep = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        #expect(throws: LintError.notJSON(line: 1, column: 129, reason: "nested deeper than 128 levels")) {
            try LintJSONReader.read(deep)
        }
    }
}
