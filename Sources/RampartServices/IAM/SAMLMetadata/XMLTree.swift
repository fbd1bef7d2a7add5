/// A small XML parser for documents clients upload (SAML metadata). It builds the element tree
/// with namespaces resolved, and nothing more: no DTD (a `<!DOCTYPE` is refused, so no entity can
/// be declared, expanded or fetched), only the five predefined entities and character references,
/// no recursion (an explicit stack, capped at `maximumDepth`). Every byte is looked at a bounded
/// number of times, so time and memory are linear in the input.
struct XMLTree: Sendable {
    struct Element: Sendable, Equatable {
        /// The namespace URI the element's prefix resolves to; nil when it has none.
        var namespace: String?
        var localName: String
        /// Attributes by their name as written (`use`, `xmlns:md`); values with references decoded.
        var attributes: [String: String]
        var children: [Element]
        /// The character data directly inside the element, CDATA included, in document order.
        var text: String

        func children(_ namespace: String, _ localName: String) -> [Element] {
            children.filter { $0.namespace == namespace && $0.localName == localName }
        }
    }

    enum Error: Swift.Error, Equatable {
        case malformed(offset: Int)
        case doctypeNotAllowed
        case undefinedEntity
        case tooDeep
        case unboundPrefix(String)
    }

    static let defaultMaximumDepth = 64

    let root: Element

    init(_ text: String, maximumDepth: Int = XMLTree.defaultMaximumDepth) throws(Error) {
        var parser = Parser(bytes: Array(text.utf8), maximumDepth: maximumDepth)
        root = try parser.document()
    }
}

extension XMLTree {
    fileprivate struct Frame {
        var qualifiedName: ArraySlice<UInt8>
        var element: Element
        /// Namespace declarations made on this element: prefix ("" for the default) to URI.
        var bindings: [String: String]
    }

    fileprivate struct Parser {
        let bytes: [UInt8]
        let maximumDepth: Int
        var index = 0
        var stack: [Frame] = []

        init(bytes: [UInt8], maximumDepth: Int) {
            self.bytes = bytes
            self.maximumDepth = maximumDepth
        }

        mutating func document() throws(Error) -> Element {
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
            try miscellany()
            guard peek(is: "<") else { throw .malformed(offset: index) }
            var root: Element?
            while root == nil {
                guard index < bytes.count else { throw .malformed(offset: index) }
                if peek(is: "<") {
                    root = try markup()
                } else {
                    try characterData()
                }
            }
            try miscellany()
            guard index == bytes.count, let root else { throw .malformed(offset: index) }
            return root
        }

        /// Whitespace, comments and processing instructions (the XML declaration among them) outside
        /// the root element. A document type declaration is refused here.
        mutating func miscellany() throws(Error) {
            while index < bytes.count {
                if isWhitespace(bytes[index]) {
                    index += 1
                } else if peek(is: "<!--") {
                    try skip(past: "-->")
                } else if peek(is: "<?") {
                    try skip(past: "?>")
                } else if peek(is: "<!") {
                    throw .doctypeNotAllowed
                } else {
                    return
                }
            }
        }

        /// One piece of markup at `<`; returns the root element when its end tag closes it.
        mutating func markup() throws(Error) -> Element? {
            if peek(is: "<!--") {
                try skip(past: "-->")
            } else if peek(is: "<![CDATA[") {
                guard !stack.isEmpty else { throw .malformed(offset: index) }
                index += 9
                let start = index
                try skip(past: "]]>")
                stack[stack.count - 1].element.text += String(decoding: bytes[start..<(index - 3)], as: UTF8.self)
            } else if peek(is: "<!") {
                throw .doctypeNotAllowed
            } else if peek(is: "<?") {
                try skip(past: "?>")
            } else if peek(is: "</") {
                return try endTag()
            } else {
                return try startTag()
            }
            return nil
        }

        mutating func startTag() throws(Error) -> Element? {
            index += 1
            let name = try self.name()
            var attributes: [String: String] = [:]
            var bindings: [String: String] = [:]
            while true {
                let hadSpace = skipWhitespace()
                if peek(is: "/>") || peek(is: ">") { break }
                guard hadSpace else { throw .malformed(offset: index) }
                let attributeName = String(decoding: try self.name(), as: UTF8.self)
                skipWhitespace()
                guard peek(is: "=") else { throw .malformed(offset: index) }
                index += 1
                skipWhitespace()
                let value = try quoted()
                guard attributes.updateValue(value, forKey: attributeName) == nil else {
                    throw .malformed(offset: index)
                }
                if attributeName == "xmlns" {
                    bindings[""] = value
                } else if attributeName.hasPrefix("xmlns:") {
                    bindings[String(attributeName.dropFirst(6))] = value
                }
            }
            let selfClosing = peek(is: "/>")
            index += selfClosing ? 2 : 1
            guard stack.count < maximumDepth else { throw .tooDeep }
            let (prefix, localName) = split(name)
            var frame = Frame(
                qualifiedName: name,
                element: Element(namespace: nil, localName: localName, attributes: attributes, children: [], text: ""),
                bindings: bindings)
            stack.append(frame)
            frame.element.namespace = try resolve(prefix)
            stack[stack.count - 1] = frame
            return selfClosing ? close() : nil
        }

        mutating func endTag() throws(Error) -> Element? {
            index += 2
            let name = try self.name()
            skipWhitespace()
            guard peek(is: ">"), let open = stack.last, open.qualifiedName.elementsEqual(name) else {
                throw .malformed(offset: index)
            }
            index += 1
            return close()
        }

        /// Pops the innermost element into its parent; returns it when it was the root.
        mutating func close() -> Element? {
            let element = stack.removeLast().element
            guard !stack.isEmpty else { return element }
            stack[stack.count - 1].element.children.append(element)
            return nil
        }

        mutating func characterData() throws(Error) {
            let start = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "<") { index += 1 }
            let text = try decodeReferences(bytes[start..<index])
            guard !stack.isEmpty else {
                guard text.utf8.allSatisfy(isWhitespace) else { throw .malformed(offset: start) }
                return
            }
            stack[stack.count - 1].element.text += text
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
            let value = try decodeReferences(bytes[start..<index])
            index += 1
            return value
        }

        mutating func name() throws(Error) -> ArraySlice<UInt8> {
            let start = index
            while index < bytes.count, !isWhitespace(bytes[index]), !nameTerminators.contains(bytes[index]) {
                index += 1
            }
            guard index > start else { throw .malformed(offset: index) }
            return bytes[start..<index]
        }

        func resolve(_ prefix: String) throws(Error) -> String? {
            if prefix == "xml" { return "http://www.w3.org/XML/1998/namespace" }
            for frame in stack.reversed() {
                if let uri = frame.bindings[prefix] { return uri.isEmpty ? nil : uri }
            }
            guard prefix.isEmpty else { throw .unboundPrefix(prefix) }
            return nil
        }

        func split(_ name: ArraySlice<UInt8>) -> (prefix: String, localName: String) {
            guard let colon = name.firstIndex(of: UInt8(ascii: ":")) else {
                return ("", String(decoding: name, as: UTF8.self))
            }
            return (
                String(decoding: name[..<colon], as: UTF8.self),
                String(decoding: name[(colon + 1)...], as: UTF8.self)
            )
        }

        /// Character data with `&…;` references replaced: the five predefined entities and
        /// character references only. Anything else would need a DTD, which is refused.
        func decodeReferences(_ raw: ArraySlice<UInt8>) throws(Error) -> String {
            guard raw.contains(UInt8(ascii: "&")) else { return String(decoding: raw, as: UTF8.self) }
            var output = [UInt8]()
            output.reserveCapacity(raw.count)
            var position = raw.startIndex
            while position < raw.endIndex {
                let byte = raw[position]
                guard byte == UInt8(ascii: "&") else {
                    output.append(byte)
                    position += 1
                    continue
                }
                // The longest reference AWS could mean is `&#x10FFFF;`: look no further than that.
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

        static func characterReference(_ entity: String) -> Unicode.Scalar? {
            guard entity.hasPrefix("#") else { return nil }
            let digits = entity.dropFirst()
            let value =
                digits.hasPrefix("x") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
            guard let value, value != 0 else { return nil }
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
}

private let nameTerminators: Set<UInt8> = Set("/>=<\"'&".utf8)

private func isWhitespace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
}
