/// The strict RFC 8259 reader behind `JSONValue(parsing:)`: over UTF-8 bytes, one pass, every
/// byte looked at a bounded number of times (so linear in the body), recursion bounded by
/// `maximumDepth`.
///
/// Stricter than Jackson, which Coral reads with: a member name given twice is refused instead of
/// the last one winning, so that no two readers of a body (Rampart's decoder, a policy in a
/// member, a log) can disagree on what it says. Also refused: trailing commas, comments,
/// leading zeros, `NaN`, single quotes, raw control characters in strings, malformed UTF-8 and
/// unpaired surrogate escapes.
struct JSONReader {
    private let bytes: [UInt8]
    private let maximumDepth: Int
    private var index = 0

    init(bytes: [UInt8], maximumDepth: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
    }

    mutating func document() throws(JSONSyntaxError) -> JSONValue {
        // A UTF-8 byte order mark is allowed before the value (RFC 8259 §8.1 lets readers ignore it).
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { index = 3 }
        skipWhitespace()
        let root = try value(depth: 0)
        skipWhitespace()
        guard index == bytes.count else { throw failure(.trailingBytes) }
        return root
    }

    private func failure(_ reason: JSONSyntaxError.Reason) -> JSONSyntaxError {
        JSONSyntaxError(reason, at: index)
    }

    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): index += 1
            default: return
            }
        }
    }

    private mutating func value(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard let byte = peek else { throw failure(.unexpectedEnd) }
        switch byte {
        case UInt8(ascii: "{"):
            guard depth < maximumDepth else { throw failure(.tooDeep) }
            return .object(try object(depth: depth + 1))
        case UInt8(ascii: "["):
            guard depth < maximumDepth else { throw failure(.tooDeep) }
            return .array(try array(depth: depth + 1))
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"):
            try literal(Self.trueLiteral)
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal(Self.falseLiteral)
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal(Self.nullLiteral)
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw failure(.unexpectedByte)
        }
    }

    private mutating func object(depth: Int) throws(JSONSyntaxError) -> [String: JSONValue] {
        index += 1
        skipWhitespace()
        var members = [String: JSONValue]()
        if peek == UInt8(ascii: "}") {
            index += 1
            return members
        }
        while true {
            guard peek == UInt8(ascii: "\"") else { throw failure(peek == nil ? .unexpectedEnd : .unexpectedByte) }
            let nameOffset = index
            let name = try string()
            skipWhitespace()
            try expect(UInt8(ascii: ":"))
            skipWhitespace()
            let member = try value(depth: depth)
            guard members.updateValue(member, forKey: name) == nil else {
                throw JSONSyntaxError(.duplicateName, at: nameOffset)
            }
            skipWhitespace()
            if peek == UInt8(ascii: ",") {
                index += 1
                skipWhitespace()
                continue
            }
            try expect(UInt8(ascii: "}"))
            return members
        }
    }

    private mutating func array(depth: Int) throws(JSONSyntaxError) -> [JSONValue] {
        index += 1
        skipWhitespace()
        var items = [JSONValue]()
        if peek == UInt8(ascii: "]") {
            index += 1
            return items
        }
        while true {
            items.append(try value(depth: depth))
            skipWhitespace()
            if peek == UInt8(ascii: ",") {
                index += 1
                skipWhitespace()
                continue
            }
            try expect(UInt8(ascii: "]"))
            return items
        }
    }

    private mutating func expect(_ byte: UInt8) throws(JSONSyntaxError) {
        guard let next = peek else { throw failure(.unexpectedEnd) }
        guard next == byte else { throw failure(.unexpectedByte) }
        index += 1
    }

    private mutating func literal(_ word: [UInt8]) throws(JSONSyntaxError) {
        for expected in word {
            guard let byte = peek else { throw failure(.unexpectedEnd) }
            guard byte == expected else { throw failure(.unexpectedByte) }
            index += 1
        }
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, kept as text.
    private mutating func number() throws(JSONSyntaxError) -> String {
        let start = index
        if peek == UInt8(ascii: "-") { index += 1 }
        guard let first = peek, isDigit(first) else { throw failure(.invalidNumber) }
        index += 1
        if first != UInt8(ascii: "0") { skipDigits() }
        if peek == UInt8(ascii: ".") {
            index += 1
            guard consumeDigits() else { throw failure(.invalidNumber) }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            index += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { index += 1 }
            guard consumeDigits() else { throw failure(.invalidNumber) }
        }
        // A digit straight after a complete number is a leading zero (`01`).
        if let next = peek, isDigit(next) { throw failure(.invalidNumber) }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    @inline(__always)
    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private mutating func consumeDigits() -> Bool {
        guard let byte = peek, isDigit(byte) else { return false }
        skipDigits()
        return true
    }

    private mutating func skipDigits() {
        while index < bytes.count && isDigit(bytes[index]) { index += 1 }
    }

    /// A string literal: runs without escapes are copied as they are, and all of it must be
    /// well-formed UTF-8 once the escapes are decoded.
    private mutating func string() throws(JSONSyntaxError) -> String {
        index += 1
        let start = index
        var unescaped = [UInt8]()
        var hasEscapes = false
        var runStart = start
        var nonASCII = false
        while true {
            guard index < bytes.count else { throw failure(.unexpectedEnd) }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { break }
            if byte == UInt8(ascii: "\\") {
                hasEscapes = true
                unescaped.append(contentsOf: bytes[runStart..<index])
                index += 1
                try escape(into: &unescaped)
                runStart = index
                continue
            }
            if byte < 0x20 { throw failure(.controlCharacter) }
            if byte >= 0x80 { nonASCII = true }
            index += 1
        }
        let end = index
        index += 1
        if !hasEscapes {
            if !nonASCII { return String(decoding: bytes[start..<end], as: UTF8.self) }
            guard let text = PercentEncoding.validUTF8String(bytes[start..<end]) else {
                throw JSONSyntaxError(.invalidUTF8, at: start)
            }
            return text
        }
        unescaped.append(contentsOf: bytes[runStart..<end])
        // Escapes only ever add well-formed UTF-8; raw bytes of the text may not be.
        if !nonASCII { return String(decoding: unescaped, as: UTF8.self) }
        guard let text = PercentEncoding.validUTF8String(unescaped[...]) else {
            throw JSONSyntaxError(.invalidUTF8, at: start)
        }
        return text
    }

    /// The escape after a backslash, appended as UTF-8.
    private mutating func escape(into out: inout [UInt8]) throws(JSONSyntaxError) {
        guard let byte = peek else { throw failure(.unexpectedEnd) }
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(byte)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hexQuad()
            switch scalar {
            case 0xD800...0xDBFF:
                // A high surrogate must be followed by an escaped low one; together they name one scalar.
                guard peek == UInt8(ascii: "\\") else { throw failure(.unpairedSurrogate) }
                index += 1
                guard peek == UInt8(ascii: "u") else { throw failure(.unpairedSurrogate) }
                index += 1
                let low = try hexQuad()
                guard (0xDC00...0xDFFF).contains(low) else { throw failure(.unpairedSurrogate) }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            case 0xDC00...0xDFFF:
                throw failure(.unpairedSurrogate)
            default:
                break
            }
            // Every value left is a scalar: surrogates were paired or refused above.
            guard let decoded = Unicode.Scalar(scalar) else { throw failure(.unpairedSurrogate) }
            UTF8.encode(decoded) { out.append($0) }
        default:
            index -= 1
            throw failure(.invalidEscape)
        }
    }

    private mutating func hexQuad() throws(JSONSyntaxError) -> UInt32 {
        var result: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek else { throw failure(.unexpectedEnd) }
            guard let digit = PercentEncoding.hexValue(byte) else { throw failure(.invalidEscape) }
            result = result << 4 | UInt32(digit)
            index += 1
        }
        return result
    }

    private static let trueLiteral: [UInt8] = Array("true".utf8)
    private static let falseLiteral: [UInt8] = Array("false".utf8)
    private static let nullLiteral: [UInt8] = Array("null".utf8)
}
