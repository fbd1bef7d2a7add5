/// The single pass that builds an `XMLInfoset`: an explicit stack of open elements instead of
/// recursion, namespace prefixes resolved as each start tag closes, and line ends and attribute
/// white space normalized as XML 1.0 (2.11, 3.3.3) requires, so the values match what the signer's
/// parser saw.
struct InfosetParser {
    typealias Error = XMLInfoset.Error

    let bytes: [UInt8]
    let maximumDepth: Int
    var index = 0
    var elements: [XMLInfoset.Element] = []
    /// Indexes of the open elements, innermost last.
    var open: [Int] = []
    var rootClosed = false

    init(bytes: [UInt8], maximumDepth: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
    }

    mutating func document() throws(Error) -> [XMLInfoset.Element] {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        if peek(is: "<?xml") {
            index += 5
            guard index < bytes.count, isWhitespace(bytes[index]) else { throw .processingInstructionNotAllowed }
            try skip(past: "?>")
        }
        while index < bytes.count {
            if peek(is: "<") {
                try markup()
            } else {
                try characterData()
            }
        }
        guard rootClosed, open.isEmpty else { throw .malformed(offset: index) }
        return elements
    }

    mutating func markup() throws(Error) {
        if peek(is: "<!--") {
            index += 4
            let start = index
            try skip(past: "-->")
            // "--" may not occur inside a comment (XML 1.0, 2.5).
            let body = bytes[start..<(index - 3)]
            if zip(body, body.dropFirst()).contains(where: { $0 == 0x2D && $1 == 0x2D }) {
                throw .malformed(offset: start)
            }
            if let parent = open.last { append(.comment(normalizedText(body)), to: parent) }
        } else if peek(is: "<![CDATA[") {
            guard let parent = open.last else { throw .malformed(offset: index) }
            index += 9
            let start = index
            try skip(past: "]]>")
            append(.text(normalizedText(bytes[start..<(index - 3)])), to: parent)
        } else if peek(is: "<!") {
            throw .doctypeNotAllowed
        } else if peek(is: "<?") {
            throw .processingInstructionNotAllowed
        } else if peek(is: "</") {
            try endTag()
        } else {
            try startTag()
        }
    }

    mutating func startTag() throws(Error) {
        guard !rootClosed else { throw .malformed(offset: index) }
        index += 1
        let name = try qualifiedName()
        var declarations: [String: String] = [:]
        var written: [(prefix: String, localName: String, value: String)] = []
        var seen = Set<String>()
        while true {
            let hadSpace = skipWhitespace()
            if peek(is: "/>") || peek(is: ">") { break }
            guard hadSpace else { throw .malformed(offset: index) }
            let attributeName = try qualifiedName()
            skipWhitespace()
            guard peek(is: "=") else { throw .malformed(offset: index) }
            index += 1
            skipWhitespace()
            let value = try quoted()
            guard seen.insert(attributeName.prefix + ":" + attributeName.localName).inserted else {
                throw .malformed(offset: index)
            }
            if attributeName.prefix.isEmpty, attributeName.localName == "xmlns" {
                declarations[""] = value
            } else if attributeName.prefix == "xmlns" {
                // Undeclaring a prefix is XML 1.1; binding `xmlns` or rebinding `xml` is never allowed.
                guard !value.isEmpty, attributeName.localName != "xmlns",
                    attributeName.localName != "xml" || value == XMLInfoset.xmlNamespace
                else { throw .malformed(offset: index) }
                declarations[attributeName.localName] = value
            } else {
                written.append((attributeName.prefix, attributeName.localName, value))
            }
        }
        let selfClosing = peek(is: "/>")
        index += selfClosing ? 2 : 1
        guard open.count < maximumDepth else { throw .tooDeep }
        let element = elements.count
        elements.append(
            XMLInfoset.Element(
                prefix: name.prefix, localName: name.localName, namespace: nil, declarations: declarations,
                attributes: [], children: [], parent: open.last))
        if let parent = open.last { append(.element(element), to: parent) }
        open.append(element)
        elements[element].namespace = try resolve(name.prefix, unprefixedIsDefault: true)
        var expanded = Set<String>()
        for attribute in written {
            let namespace = try resolve(attribute.prefix, unprefixedIsDefault: false)
            // Two prefixes bound to one URI must not give one element the same attribute twice.
            guard expanded.insert((namespace ?? "") + " " + attribute.localName).inserted else {
                throw .malformed(offset: index)
            }
            elements[element].attributes.append(
                .init(
                    prefix: attribute.prefix, localName: attribute.localName, namespace: namespace,
                    value: attribute.value))
        }
        if selfClosing { close() }
    }

    mutating func endTag() throws(Error) {
        index += 2
        let name = try qualifiedName()
        skipWhitespace()
        guard peek(is: ">"), let innermost = open.last, elements[innermost].prefix == name.prefix,
            elements[innermost].localName == name.localName
        else { throw .malformed(offset: index) }
        index += 1
        close()
    }

    mutating func close() {
        open.removeLast()
        if open.isEmpty { rootClosed = true }
    }

    /// Adjacent text nodes (text, then CDATA) stay separate: joining them would copy the text so far
    /// each time, and canonicalization writes them one after the other anyway.
    mutating func append(_ node: XMLInfoset.Node, to parent: Int) {
        elements[parent].children.append(node)
    }

    mutating func characterData() throws(Error) {
        let start = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "<") { index += 1 }
        let raw = bytes[start..<index]
        guard let parent = open.last else {
            guard raw.allSatisfy(isWhitespace) else { throw .malformed(offset: start) }
            return
        }
        if raw.contains(where: { $0 == UInt8(ascii: ">") }), containsCDATAEnd(raw) { throw .malformed(offset: start) }
        append(.text(try decodeReferences(raw, inAttribute: false)), to: parent)
    }

    func containsCDATAEnd(_ raw: ArraySlice<UInt8>) -> Bool {
        var run = 0
        for byte in raw {
            if byte == UInt8(ascii: ">"), run >= 2 { return true }
            run = byte == UInt8(ascii: "]") ? run + 1 : 0
        }
        return false
    }

    mutating func quoted() throws(Error) -> String {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else {
            throw .malformed(offset: index)
        }
        let quote = bytes[index]
        index += 1
        let start = index
        while index < bytes.count, bytes[index] != quote {
            guard bytes[index] != UInt8(ascii: "<") else { throw .malformed(offset: index) }
            index += 1
        }
        guard index < bytes.count else { throw .malformed(offset: index) }
        let value = try decodeReferences(bytes[start..<index], inAttribute: true)
        index += 1
        return value
    }

    mutating func qualifiedName() throws(Error) -> (prefix: String, localName: String) {
        let start = index
        var colon: Int?
        while index < bytes.count, !isWhitespace(bytes[index]), !nameTerminators.contains(bytes[index]) {
            if bytes[index] == UInt8(ascii: ":") {
                guard colon == nil else { throw .malformed(offset: index) }
                colon = index
            }
            index += 1
        }
        guard index > start else { throw .malformed(offset: index) }
        guard let colon else { return ("", String(decoding: bytes[start..<index], as: UTF8.self)) }
        guard colon > start, colon + 1 < index else { throw .malformed(offset: colon) }
        return (
            String(decoding: bytes[start..<colon], as: UTF8.self),
            String(decoding: bytes[(colon + 1)..<index], as: UTF8.self)
        )
    }

    /// The namespace a prefix has at the innermost open element; the empty prefix of an attribute has none.
    func resolve(_ prefix: String, unprefixedIsDefault: Bool) throws(Error) -> String? {
        if prefix == "xml" { return XMLInfoset.xmlNamespace }
        guard !prefix.isEmpty || unprefixedIsDefault else { return nil }
        for element in open.reversed() {
            if let uri = elements[element].declaration(of: prefix) { return uri.isEmpty ? nil : uri }
        }
        guard prefix.isEmpty else { throw .unboundPrefix(prefix) }
        return nil
    }

    /// Text with line ends normalized (CR LF and lone CR become LF).
    func normalizedText(_ raw: ArraySlice<UInt8>) -> String {
        guard raw.contains(0x0D) else { return String(decoding: raw, as: UTF8.self) }
        var output = [UInt8]()
        output.reserveCapacity(raw.count)
        var position = raw.startIndex
        while position < raw.endIndex {
            if raw[position] == 0x0D {
                output.append(0x0A)
                if position + 1 < raw.endIndex, raw[position + 1] == 0x0A { position += 1 }
            } else {
                output.append(raw[position])
            }
            position += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Character data or an attribute value with `&…;` references replaced: the five predefined
    /// entities and character references only, anything else would need a DTD. Line ends are
    /// normalized first; in an attribute, literal tab, CR and LF then become spaces while the same
    /// characters written as references stay what they are (XML 1.0, 3.3.3).
    func decodeReferences(_ raw: ArraySlice<UInt8>, inAttribute: Bool) throws(Error) -> String {
        var output = [UInt8]()
        output.reserveCapacity(raw.count)
        var position = raw.startIndex
        while position < raw.endIndex {
            let byte = raw[position]
            if byte == 0x0D {
                output.append(inAttribute ? 0x20 : 0x0A)
                if position + 1 < raw.endIndex, raw[position + 1] == 0x0A { position += 1 }
                position += 1
                continue
            }
            // Control characters other than tab and line ends are not XML characters (2.2).
            guard byte >= 0x20 || byte == 0x09 || byte == 0x0A else { throw .malformed(offset: position) }
            guard byte == UInt8(ascii: "&") else {
                output.append(inAttribute && (byte == 0x09 || byte == 0x0A) ? 0x20 : byte)
                position += 1
                continue
            }
            // The longest reference there is, `&#x0010FFFF;`, fits in the next dozen bytes.
            let limit = min(raw.endIndex, position + 12)
            guard let semicolon = raw[position..<limit].firstIndex(of: UInt8(ascii: ";")) else {
                throw .undefinedEntity
            }
            let entity = String(decoding: raw[(position + 1)..<semicolon], as: UTF8.self)
            switch entity {
            case "lt": output.append(UInt8(ascii: "<"))
            case "gt": output.append(UInt8(ascii: ">"))
            case "amp": output.append(UInt8(ascii: "&"))
            case "apos": output.append(UInt8(ascii: "'"))
            case "quot": output.append(UInt8(ascii: "\""))
            default:
                guard let scalar = Self.characterReference(entity) else { throw .undefinedEntity }
                output.append(contentsOf: Array(String(Character(scalar)).utf8))
            }
            position = semicolon + 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// `#123` or `#x7B`, for a character XML allows (Char production, XML 1.0 2.2).
    static func characterReference(_ entity: String) -> Unicode.Scalar? {
        guard entity.hasPrefix("#") else { return nil }
        let digits = entity.dropFirst()
        let value =
            digits.hasPrefix("x") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
        guard let value, value == 0x09 || value == 0x0A || value == 0x0D || value >= 0x20,
            value != 0xFFFE, value != 0xFFFF
        else { return nil }
        return Unicode.Scalar(value)
    }

    func peek(is literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard bytes.count - index >= count else { return false }
        return literal.withUTF8Buffer { expected in
            for offset in 0..<count where bytes[index + offset] != expected[offset] { return false }
            return true
        }
    }

    mutating func skip(past terminator: StaticString) throws(Error) {
        while index < bytes.count {
            if peek(is: terminator) {
                index += terminator.utf8CodeUnitCount
                return
            }
            index += 1
        }
        throw .malformed(offset: index)
    }

    @discardableResult
    mutating func skipWhitespace() -> Bool {
        let start = index
        while index < bytes.count, isWhitespace(bytes[index]) { index += 1 }
        return index > start
    }
}

private let nameTerminators: Set<UInt8> = Set("/>=<\"'&".utf8)

private func isWhitespace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
}
