/// An XML document as XML signatures need it: every element with its prefix, its namespace
/// declarations and its attributes as written, and its children in order (elements, text, comments),
/// so that a subtree can be canonicalized byte for byte the way its signer did.
///
/// The parser takes untrusted input (a SAML response from anyone on the network) and is built to
/// refuse what makes XML dangerous: a `<!DOCTYPE` (so no entity can be declared, expanded or
/// fetched, and no default attribute appear), any reference but the five predefined entities and
/// character references, processing instructions other than the XML declaration, bytes that are not
/// UTF-8, and nesting deeper than `Limits.depth`. It never recurses, and every byte is looked at a
/// bounded number of times, so time and memory are linear in the input.
struct XMLInfoset: Sendable {
    struct Limits: Sendable {
        var bytes: Int
        var depth: Int

        /// What a SAML response needs with room to spare: STS takes 100,000 base64 characters.
        static let samlResponse = Limits(bytes: 131_072, depth: 48)
    }

    struct Attribute: Sendable, Equatable {
        var prefix: String
        var localName: String
        /// Nil for an attribute without a prefix: XML namespaces give those no namespace at all.
        var namespace: String?
        /// The value after XML's normalization (references replaced, literal white space made spaces).
        var value: String
    }

    enum Node: Sendable, Equatable {
        /// An index into `elements`.
        case element(Int)
        case text(String)
        case comment(String)
    }

    struct Element: Sendable {
        var prefix: String
        var localName: String
        var namespace: String?
        /// Namespace declarations made on this element: prefix ("" for `xmlns="…"`) to URI. A
        /// dictionary, so that looking a prefix up costs the same however many an element declares.
        var declarations: [String: String]
        var attributes: [Attribute]
        var children: [Node]
        var parent: Int?

        var qualifiedName: String { prefix.isEmpty ? localName : "\(prefix):\(localName)" }

        /// An attribute without a prefix, the way SAML names `ID`, `Version`, `Recipient`.
        func attribute(_ localName: String) -> String? {
            attributes.first { $0.namespace == nil && $0.localName == localName }?.value
        }

        func declaration(of prefix: String) -> String? {
            declarations[prefix]
        }
    }

    enum Error: Swift.Error, Equatable {
        case malformed(offset: Int)
        case notUTF8
        case tooLarge
        case tooDeep
        case doctypeNotAllowed
        case processingInstructionNotAllowed
        case undefinedEntity
        case unboundPrefix(String)
    }

    static let xmlNamespace = "http://www.w3.org/XML/1998/namespace"

    /// Every element in document order; the root is the first.
    let elements: [Element]

    init(_ bytes: [UInt8], limits: Limits) throws(Error) {
        guard bytes.count <= limits.bytes else { throw .tooLarge }
        guard String(validating: bytes, as: UTF8.self) != nil else { throw .notUTF8 }
        var parser = InfosetParser(bytes: bytes, maximumDepth: limits.depth)
        elements = try parser.document()
    }

    var root: Element { elements[0] }

    /// The element children of `element`, in order.
    func children(of element: Int) -> [Int] {
        elements[element].children.compactMap {
            if case .element(let index) = $0 { return index }
            return nil
        }
    }

    func children(of element: Int, _ namespace: String, _ localName: String) -> [Int] {
        children(of: element).filter { elements[$0].namespace == namespace && elements[$0].localName == localName }
    }

    /// The text of an element's own text children joined, comments skipped: what canonicalization
    /// without comments signs, so a comment slipped into a signed value cannot cut it short.
    func text(of element: Int) -> String {
        elements[element].children.reduce(into: "") { text, node in
            if case .text(let piece) = node { text += piece }
        }
    }

    /// The URI a prefix means at `element` ("" for the default namespace), nil when it has none.
    func namespace(of prefix: String, at element: Int) -> String? {
        if prefix == "xml" { return Self.xmlNamespace }
        var current: Int? = element
        while let index = current {
            if let uri = elements[index].declaration(of: prefix) { return uri.isEmpty ? nil : uri }
            current = elements[index].parent
        }
        return nil
    }

    /// Whether `element` lies inside `ancestor` (or is it).
    func isWithin(_ element: Int, _ ancestor: Int) -> Bool {
        var current: Int? = element
        while let index = current {
            if index == ancestor { return true }
            current = elements[index].parent
        }
        return false
    }
}
