/// A strict RFC 8259 reader that records where each value and object member starts: a linter that cannot
/// say which line is wrong is of little use in review. It is also the one reader of every policy
/// (`PolicyJSON` builds on it and refuses duplicate names), so what lint reads is what IAM enforces. It runs
/// in time linear in the text.
struct LintJSONReader {
    /// Policies nest four or five levels; the limit keeps hostile input from exhausting the stack.
    static let maximumDepth = 128

    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private var column = 1

    /// Reads one JSON value that must make up the whole text (surrounding whitespace and a leading byte order
    /// mark aside).
    static func read(_ text: String) throws(LintError) -> LintJSONNode {
        var reader = LintJSONReader(scalars: Array(text.unicodeScalars))
        if reader.peek == "\u{FEFF}" { reader.index += 1 }
        reader.skipWhitespace()
        let root = try reader.value(depth: 0)
        reader.skipWhitespace()
        guard reader.peek == nil else { throw reader.failure("unexpected text after the end of the document") }
        return root
    }

    private init(scalars: [Unicode.Scalar]) {
        self.scalars = scalars
    }

    private var peek: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    private var position: LintPosition { LintPosition(line: line, column: column) }

    private func failure(_ reason: String) -> LintError {
        .notJSON(line: line, column: column, reason: reason)
    }

    private mutating func advance() {
        let scalar = scalars[index]
        index += 1
        // CR LF counts once: the CR moves nothing and the LF starts the line. A lone CR also ends a line.
        if scalar == "\n" || (scalar == "\r" && peek != "\n") {
            line += 1
            column = 1
        } else if scalar != "\r" {
            column += 1
        }
    }

    private mutating func skipWhitespace() {
        while let scalar = peek, scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" { advance() }
    }

    private mutating func expect(_ scalar: Unicode.Scalar, _ what: String) throws(LintError) {
        guard peek == scalar else { throw failure("expected \(what)") }
        advance()
    }

    private mutating func value(depth: Int) throws(LintError) -> LintJSONNode {
        var node = try valueStartingHere(depth: depth)
        node.end = position
        return node
    }

    private mutating func valueStartingHere(depth: Int) throws(LintError) -> LintJSONNode {
        guard depth < Self.maximumDepth else { throw failure("nested deeper than \(Self.maximumDepth) levels") }
        let start = position
        switch peek {
        case "{": return LintJSONNode(value: .object(try object(depth: depth)), position: start)
        case "[": return LintJSONNode(value: .array(try array(depth: depth)), position: start)
        case "\"": return LintJSONNode(value: .string(try string()), position: start)
        case "t":
            try literal("true")
            return LintJSONNode(value: .bool(true), position: start)
        case "f":
            try literal("false")
            return LintJSONNode(value: .bool(false), position: start)
        case "n":
            try literal("null")
            return LintJSONNode(value: .null, position: start)
        case let scalar? where scalar == "-" || ("0"..."9").contains(scalar):
            return LintJSONNode(value: .number(try number()), position: start)
        case nil: throw failure("unexpected end of document, expected a value")
        default: throw failure("unexpected character '\(peek!)', expected a value")
        }
    }

    private mutating func object(depth: Int) throws(LintError) -> [LintJSONMember] {
        advance()
        skipWhitespace()
        var members: [LintJSONMember] = []
        if peek == "}" {
            advance()
            return members
        }
        while true {
            guard peek == "\"" else { throw failure("expected a member name in double quotes") }
            let namePosition = position
            let name = try string()
            skipWhitespace()
            try expect(":", "':' after the member name")
            skipWhitespace()
            members.append(LintJSONMember(name: name, namePosition: namePosition, value: try value(depth: depth + 1)))
            skipWhitespace()
            if peek == "," {
                advance()
                skipWhitespace()
                continue
            }
            try expect("}", "',' or '}' in object")
            return members
        }
    }

    private mutating func array(depth: Int) throws(LintError) -> [LintJSONNode] {
        advance()
        skipWhitespace()
        var items: [LintJSONNode] = []
        if peek == "]" {
            advance()
            return items
        }
        while true {
            items.append(try value(depth: depth + 1))
            skipWhitespace()
            if peek == "," {
                advance()
                skipWhitespace()
                continue
            }
            try expect("]", "',' or ']' in array")
            return items
        }
    }

    private mutating func literal(_ word: String) throws(LintError) {
        for expected in word.unicodeScalars {
            guard peek == expected else { throw failure("invalid literal, expected '\(word)'") }
            advance()
        }
    }

    private mutating func number() throws(LintError) -> String {
        let start = index
        if peek == "-" { advance() }
        guard let first = peek, ("0"..."9").contains(first) else { throw failure("expected a digit") }
        advance()
        if first != "0" { skipDigits() }
        if peek == "." {
            advance()
            guard consumeDigits() else { throw failure("expected a digit after '.'") }
        }
        if peek == "e" || peek == "E" {
            advance()
            if peek == "+" || peek == "-" { advance() }
            guard consumeDigits() else { throw failure("expected a digit in the exponent") }
        }
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars[start..<index])
        return text
    }

    /// Consumes one or more digits; false when there is none.
    private mutating func consumeDigits() -> Bool {
        guard let scalar = peek, ("0"..."9").contains(scalar) else { return false }
        skipDigits()
        return true
    }

    private mutating func skipDigits() {
        while let scalar = peek, ("0"..."9").contains(scalar) { advance() }
    }

    private mutating func string() throws(LintError) -> String {
        advance()
        var text = String.UnicodeScalarView()
        while true {
            guard let scalar = peek else { throw failure("unterminated string") }
            switch scalar {
            case "\"":
                advance()
                return String(text)
            case "\\":
                advance()
                text.append(try escape())
            case let control where control.value < 0x20:
                throw failure("control character U+\(hex(control.value)) must be escaped in a string")
            default:
                text.append(scalar)
                advance()
            }
        }
    }

    private mutating func escape() throws(LintError) -> Unicode.Scalar {
        guard let scalar = peek else { throw failure("unterminated string") }
        let simple: [Unicode.Scalar: Unicode.Scalar] = [
            "\"": "\"", "\\": "\\", "/": "/", "b": "\u{08}", "f": "\u{0C}", "n": "\n", "r": "\r", "t": "\t",
        ]
        if let replacement = simple[scalar] {
            advance()
            return replacement
        }
        guard scalar == "u" else { throw failure("invalid escape '\\\(scalar)'") }
        advance()
        let unit = try hexQuad()
        switch unit {
        case 0xD800...0xDBFF:
            // A high surrogate must be followed by an escaped low surrogate; together they name one scalar.
            guard peek == "\\" else { throw failure("unpaired surrogate in \\u escape") }
            advance()
            guard peek == "u" else { throw failure("unpaired surrogate in \\u escape") }
            advance()
            let low = try hexQuad()
            guard (0xDC00...0xDFFF).contains(low) else { throw failure("unpaired surrogate in \\u escape") }
            return Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))!
        case 0xDC00...0xDFFF:
            throw failure("unpaired surrogate in \\u escape")
        default:
            return Unicode.Scalar(unit)!
        }
    }

    private mutating func hexQuad() throws(LintError) -> UInt32 {
        var result: UInt32 = 0
        for _ in 0..<4 {
            guard let scalar = peek, let digit = UInt32(String(scalar), radix: 16) else {
                throw failure("expected four hex digits after \\u")
            }
            result = result << 4 | digit
            advance()
        }
        return result
    }

    private func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
