import Foundation

/// A configuration file in the part of TOML that a flat list of options needs: `key = value`
/// lines, `#` comments, basic ("…", with escapes) and literal ('…') strings, integers, floats,
/// booleans and one-line arrays of those. Tables, dates and multi-line values are refused with
/// the line they are on. Parsing is one pass over the text.
public struct ConfigFile: Sendable {
    /// One value as written; `line` is 1-based.
    public struct Entry: Sendable, Equatable {
        public var key: String
        public var value: Value
        public var line: Int
    }

    public enum Value: Sendable, Equatable {
        case string(String)
        /// An integer, float or boolean, kept as written (normalised: no `_`, no leading `+`).
        case scalar(String)
        case array([Value])

        /// How an option's value is spelled on the command line.
        public var commandLineText: String? {
            switch self {
            case .string(let text), .scalar(let text): text
            case .array: nil
            }
        }
    }

    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public var path: String
        public var line: Int
        public var message: String
        public var description: String { "\(path):\(line): \(message)" }
    }

    public let path: String
    public let entries: [Entry]

    public init(text: String, path: String) throws(ParseError) {
        self.path = path
        var entries = [Entry]()
        var seen = [String: Int]()
        var number = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            var cursor = Cursor(Array(rawLine.utf8), line: number, path: path)
            cursor.skipSpace()
            if cursor.atEndOfContent { continue }
            if cursor.peek == UInt8(ascii: "[") {
                throw ParseError(
                    path: path, line: number, message: "tables ([…]) are not used: write every option at the top level")
            }
            let key = try cursor.key()
            cursor.skipSpace()
            try cursor.expect(UInt8(ascii: "="), "expected = after \(key)")
            cursor.skipSpace()
            let value = try cursor.value()
            cursor.skipSpace()
            guard cursor.atEndOfContent else { throw cursor.error("unexpected text after the value of \(key)") }
            if let earlier = seen[key] {
                throw ParseError(path: path, line: number, message: "\(key) is already set on line \(earlier)")
            }
            seen[key] = number
            entries.append(Entry(key: key, value: value, line: number))
        }
        self.entries = entries
    }
}

/// Reads one line of a `ConfigFile`.
private struct Cursor {
    let bytes: [UInt8]
    var index = 0
    let line: Int
    let path: String

    init(_ bytes: [UInt8], line: Int, path: String) {
        // A file written on Windows ends its lines with \r\n.
        self.bytes = bytes.last == UInt8(ascii: "\r") ? Array(bytes.dropLast()) : bytes
        self.line = line
        self.path = path
    }

    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }
    var atEndOfContent: Bool { peek == nil || peek == UInt8(ascii: "#") }

    func error(_ message: String) -> ConfigFile.ParseError {
        ConfigFile.ParseError(path: path, line: line, message: message)
    }

    mutating func skipSpace() {
        while let byte = peek, byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { index += 1 }
    }

    mutating func expect(_ byte: UInt8, _ message: String) throws(ConfigFile.ParseError) {
        guard peek == byte else { throw error(message) }
        index += 1
    }

    private static func isBareKey(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
            true
        default: false
        }
    }

    mutating func key() throws(ConfigFile.ParseError) -> String {
        let start = index
        while let byte = peek, Self.isBareKey(byte) { index += 1 }
        guard index > start else { throw error("expected an option name (letters, digits, - and _)") }
        if peek == UInt8(ascii: ".") { throw error("dotted keys are not used: write every option at the top level") }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    mutating func value() throws(ConfigFile.ParseError) -> ConfigFile.Value {
        switch peek {
        case UInt8(ascii: "\""): return .string(try basicString())
        case UInt8(ascii: "'"): return .string(try literalString())
        case UInt8(ascii: "["): return try array()
        case nil, UInt8(ascii: "#"): throw error("expected a value")
        default: return .scalar(try scalar())
        }
    }

    private mutating func array() throws(ConfigFile.ParseError) -> ConfigFile.Value {
        index += 1
        var items = [ConfigFile.Value]()
        while true {
            skipSpace()
            if peek == UInt8(ascii: "]") {
                index += 1
                return .array(items)
            }
            let item = try value()
            if case .array = item { throw error("arrays of arrays are not used") }
            items.append(item)
            skipSpace()
            if peek == UInt8(ascii: ",") {
                index += 1
            } else if peek != UInt8(ascii: "]") {
                throw error("expected , or ] in the array (arrays are written on one line)")
            }
        }
    }

    private mutating func literalString() throws(ConfigFile.ParseError) -> String {
        index += 1
        let start = index
        while let byte = peek, byte != UInt8(ascii: "'") { index += 1 }
        guard peek != nil else { throw error("the string has no closing '") }
        defer { index += 1 }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func basicString() throws(ConfigFile.ParseError) -> String {
        index += 1
        var output = [UInt8]()
        while let byte = peek {
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: output, as: UTF8.self)
            case UInt8(ascii: "\\"):
                output += try escape()
            default:
                output.append(byte)
            }
        }
        throw error("the string has no closing \"")
    }

    private mutating func escape() throws(ConfigFile.ParseError) -> [UInt8] {
        guard let byte = peek else { throw error("the string ends in a lone \\") }
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): return [byte]
        case UInt8(ascii: "n"): return [0x0A]
        case UInt8(ascii: "t"): return [0x09]
        case UInt8(ascii: "r"): return [0x0D]
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let digits = byte == UInt8(ascii: "u") ? 4 : 8
            guard index + digits <= bytes.count,
                let code = UInt32(String(decoding: bytes[index..<index + digits], as: UTF8.self), radix: 16),
                let scalar = Unicode.Scalar(code)
            else { throw error("\\\(Character(Unicode.Scalar(byte))) needs \(digits) hex digits of a Unicode scalar") }
            index += digits
            return Array(String(Character(scalar)).utf8)
        default:
            throw error("unknown escape \\\(Character(Unicode.Scalar(byte)))")
        }
    }

    /// A bare integer, float or boolean, ending at a space, comma, ] or comment.
    private mutating func scalar() throws(ConfigFile.ParseError) -> String {
        let start = index
        while let byte = peek,
            ![UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "#")].contains(
                byte)
        {
            index += 1
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if text == "true" || text == "false" { return text }
        var number = text.replacingOccurrences(of: "_", with: "")
        if number.hasPrefix("+") { number.removeFirst() }
        guard !number.isEmpty, Int(number) != nil || (Double(number) != nil && number.allSatisfy(\.isASCII)) else {
            throw error("\(text) is not a string, number or boolean (strings are quoted)")
        }
        return number
    }
}
