/// The element tree of a document clients upload (SAML metadata), for reading by namespace and name:
/// attributes by their name as written, and the text directly inside each element. It is built from an
/// `XMLInfoset`, so it has that parser's guarantees: no DTD (a `<!DOCTYPE` is refused, so no entity can be
/// declared, expanded or fetched), only the five predefined entities and character references, depth
/// capped at `maximumDepth`, time and memory linear in the input.
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

    typealias Error = XMLInfoset.Error

    static let defaultMaximumDepth = 64

    let root: Element

    init(_ text: String, maximumDepth: Int = XMLTree.defaultMaximumDepth) throws(Error) {
        let document = try XMLInfoset(Array(text.utf8), limits: .init(bytes: .max, depth: maximumDepth))
        // Children come after their parent in document order: building from the last element back,
        // each element's children are ready when it is reached, and each is moved, never copied.
        var built = [Element?](repeating: nil, count: document.elements.count)
        for index in document.elements.indices.reversed() {
            let element = document.elements[index]
            var attributes: [String: String] = [:]
            for (prefix, uri) in element.declarations {
                attributes[prefix.isEmpty ? "xmlns" : "xmlns:\(prefix)"] = uri
            }
            for attribute in element.attributes {
                attributes[
                    attribute.prefix.isEmpty ? attribute.localName : "\(attribute.prefix):\(attribute.localName)"] =
                    attribute.value
            }
            var children: [Element] = []
            for child in document.children(of: index) {
                if let built = built[child].take() { children.append(built) }
            }
            built[index] = Element(
                namespace: element.namespace, localName: element.localName, attributes: attributes,
                children: children, text: document.text(of: index))
        }
        guard let root = built[0] else { throw .malformed(offset: 0) }
        self.root = root
    }
}
