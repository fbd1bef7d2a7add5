/// Exclusive XML Canonicalization 1.0 without comments (https://www.w3.org/TR/xml-exc-c14n/) of one
/// element and its descendants, optionally leaving one descendant out (the enveloped-signature
/// transform removes the `Signature` being checked). The bytes are what a signer hashed, so every
/// rule counts: namespace declarations only where a prefix is visibly used (or named in the
/// InclusiveNamespaces PrefixList) and not already in force in the output, sorted by prefix;
/// attributes sorted by namespace URI then local name; the escapes of the specification; empty
/// elements written with an end tag; comments dropped.
struct ExclusiveCanonicalization: Sendable {
    static let algorithm = "http://www.w3.org/2001/10/xml-exc-c14n#"
    /// A PrefixList longer than this is refused: each prefix is looked up at every element.
    static let maximumInclusivePrefixes = 32

    /// Prefixes of the InclusiveNamespaces PrefixList, "" standing for `#default`.
    var inclusivePrefixes: [String] = []

    init(inclusivePrefixes: [String] = []) {
        self.inclusivePrefixes = inclusivePrefixes
    }

    /// The PrefixList attribute as written: white-space separated prefixes, `#default` for the default namespace.
    init?(prefixList: String) {
        let prefixes = prefixList.split(whereSeparator: { " \t\n\r".contains($0) }).map {
            $0 == "#default" ? "" : String($0)
        }
        guard prefixes.count <= Self.maximumInclusivePrefixes else { return nil }
        self.init(inclusivePrefixes: prefixes)
    }

    func canonicalize(_ document: XMLInfoset, _ apex: Int, excluding excluded: Int? = nil) -> [UInt8] {
        var writer = Writer(document: document, inclusivePrefixes: inclusivePrefixes)
        writer.write(apex, excluding: excluded)
        return writer.output
    }
}

extension ExclusiveCanonicalization {
    fileprivate struct Writer {
        let document: XMLInfoset
        let inclusivePrefixes: [String]
        var output: [UInt8] = []
        /// For each element written and still open, the declarations it rendered (prefix → URI).
        var rendered: [[String: String]] = []

        init(document: XMLInfoset, inclusivePrefixes: [String]) {
            self.document = document
            self.inclusivePrefixes = inclusivePrefixes
        }

        /// Walks the subtree with an explicit stack: an entry is either an element to open or one to close.
        mutating func write(_ apex: Int, excluding excluded: Int?) {
            enum Step {
                case open(Int)
                case close(Int)
                case text(String)
            }
            var steps: [Step] = [.open(apex)]
            while let step = steps.popLast() {
                switch step {
                case .text(let text):
                    appendEscaped(text, attribute: false)
                case .close(let element):
                    append("</")
                    append(document.elements[element].qualifiedName)
                    append(">")
                    rendered.removeLast()
                case .open(let element):
                    guard element != excluded else { continue }
                    openTag(element)
                    steps.append(.close(element))
                    for child in document.elements[element].children.reversed() {
                        switch child {
                        case .element(let index): steps.append(.open(index))
                        case .text(let text): steps.append(.text(text))
                        case .comment: continue
                        }
                    }
                }
            }
        }

        mutating func openTag(_ index: Int) {
            let element = document.elements[index]
            var used = [element.prefix]
            for attribute in element.attributes where !attribute.prefix.isEmpty && attribute.prefix != "xml" {
                used.append(attribute.prefix)
            }
            var declarations: [String: String] = [:]
            for prefix in used + inclusivePrefixes where prefix != "xml" && declarations[prefix] == nil {
                let uri = document.namespace(of: prefix, at: index) ?? ""
                let inForce = renderedAbove(prefix) ?? ""
                // An inclusive prefix that is not in scope is not rendered; an unused empty default is
                // rendered (as xmlns="") only to cancel a default the output has in force.
                if uri != inForce { declarations[prefix] = uri }
            }
            append("<")
            append(element.qualifiedName)
            for prefix in declarations.keys.sorted(by: codePointOrder) {
                append(prefix.isEmpty ? " xmlns=\"" : " xmlns:\(prefix)=\"")
                appendEscaped(declarations[prefix] ?? "", attribute: true)
                append("\"")
            }
            let attributes = element.attributes.sorted {
                let (left, right) = ($0.namespace ?? "", $1.namespace ?? "")
                return left == right ? codePointOrder($0.localName, $1.localName) : codePointOrder(left, right)
            }
            for attribute in attributes {
                append(" ")
                append(attribute.prefix.isEmpty ? attribute.localName : "\(attribute.prefix):\(attribute.localName)")
                append("=\"")
                appendEscaped(attribute.value, attribute: true)
                append("\"")
            }
            append(">")
            rendered.append(declarations)
        }

        /// The URI the nearest written ancestor rendered for `prefix`; nil when none did.
        func renderedAbove(_ prefix: String) -> String? {
            for declarations in rendered.reversed() {
                if let uri = declarations[prefix] { return uri }
            }
            return nil
        }

        mutating func append(_ text: String) {
            output.append(contentsOf: text.utf8)
        }

        mutating func appendEscaped(_ text: String, attribute: Bool) {
            ExclusiveCanonicalization.appendEscaped(text, attribute: attribute, to: &output)
        }
    }

    /// `text` escaped as canonical XML writes it, as an attribute value when `attribute`: what a parser
    /// reads back as exactly `text` (also used to write the namespace context of a decrypted assertion).
    static func appendEscaped(_ text: String, attribute: Bool, to output: inout [UInt8]) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): output.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): output.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">") where !attribute: output.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\"") where attribute: output.append(contentsOf: "&quot;".utf8)
            case 0x09 where attribute: output.append(contentsOf: "&#x9;".utf8)
            case 0x0A where attribute: output.append(contentsOf: "&#xA;".utf8)
            case 0x0D: output.append(contentsOf: "&#xD;".utf8)
            default: output.append(byte)
            }
        }
    }
}

/// Canonical XML orders by code point (UTF-8 byte order is the same); Swift's `<` on strings compares
/// Unicode-normalized forms, which is another order.
private func codePointOrder(_ left: String, _ right: String) -> Bool {
    left.utf8.lexicographicallyPrecedes(right.utf8)
}
