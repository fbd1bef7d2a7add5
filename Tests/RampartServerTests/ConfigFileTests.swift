import Testing

@testable import RampartServer

struct ConfigFileTests {
    func parse(_ text: String) throws(ConfigFile.ParseError) -> [ConfigFile.Entry] {
        try ConfigFile(text: text, path: "f.toml").entries
    }

    @Test func valuesOfEveryKind() throws {
        let entries = try parse(
            """
            # a comment
            host = "0.0.0.0"  # trailing comment
            tls-cert = '/etc/rampart/C:\\cert.pem'
            port = +9_430
            rate = 2.5
            allow-clock-control = true
            trusted-proxy = [ "10.0.0.0/8", '::1', ]
            escaped = "a\\"b\\\\c\\n\\u00e9"
            empty = []\r
            """)
        #expect(
            entries.map(\.value) == [
                .string("0.0.0.0"), .string("/etc/rampart/C:\\cert.pem"), .scalar("9430"), .scalar("2.5"),
                .scalar("true"), .array([.string("10.0.0.0/8"), .string("::1")]), .string("a\"b\\c\né"), .array([]),
            ])
        #expect(entries.map(\.line) == [2, 3, 4, 5, 6, 7, 8, 9])
        #expect(entries[0].key == "host")
    }

    @Test func refusalsNameTheLine() {
        let cases: [(String, Int, String)] = [
            ("[server]\nport = 1", 1, "tables ([…]) are not used: write every option at the top level"),
            ("\nport 1", 2, "expected = after port"),
            ("port = ", 1, "expected a value"),
            ("host = \"open", 1, "the string has no closing \""),
            ("host = localhost", 1, "localhost is not a string, number or boolean (strings are quoted)"),
            ("port = 1 2", 1, "unexpected text after the value of port"),
            ("a.b = 1", 1, "dotted keys are not used: write every option at the top level"),
            ("x = [1, [2]]", 1, "arrays of arrays are not used"),
            ("x = [1, 2", 1, "expected , or ] in the array (arrays are written on one line)"),
            ("x = \"\\q\"", 1, "unknown escape \\q"),
            ("= 1", 1, "expected an option name (letters, digits, - and _)"),
        ]
        for (text, line, message) in cases {
            #expect(throws: ConfigFile.ParseError(path: "f.toml", line: line, message: message)) {
                try parse(text)
            }
        }
    }

    /// One pass: a long line of array items or a long string costs time in proportion to its length.
    @Test func longInputParsesInLinearTime() throws {
        let items = Array(repeating: "\"10.0.0.1\"", count: 100_000).joined(separator: ", ")
        let clock = ContinuousClock()
        let elapsed = try clock.measure { _ = try parse("trusted-proxy = [\(items)]") }
        #expect(elapsed < .seconds(5))
        let long = try parse("x = \"" + String(repeating: "\\n", count: 200_000) + "\"")
        #expect(long.first?.value == .string(String(repeating: "\n", count: 200_000)))
    }
}
