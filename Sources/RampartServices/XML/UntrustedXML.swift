/// The parser of SAML responses (`XMLInfoset`) as a function of bytes, for the fuzz harness
/// (fuzz/Sources), which sees only public API: what it made of the input, so the harness can check
/// that the result stays within what the input and the limits allow.
public enum UntrustedXML {
    public struct Shape: Sendable, Equatable {
        public var elements: Int
        /// The deepest element's nesting, the root being 1.
        public var depth: Int
    }

    /// The limits the parser enforces on a SAML response.
    public static let maximumBytes = XMLInfoset.Limits.samlResponse.bytes
    public static let maximumDepth = XMLInfoset.Limits.samlResponse.depth

    /// The shape of `bytes` read as a SAML response's XML, or nil when the parser refuses them.
    public static func shape(of bytes: [UInt8]) -> Shape? {
        guard let document = try? XMLInfoset(bytes, limits: .samlResponse) else { return nil }
        // Elements are numbered in document order, so a parent's depth is known before its children's.
        var depths = [Int]()
        depths.reserveCapacity(document.elements.count)
        for element in document.elements {
            depths.append(element.parent.map { depths[$0] + 1 } ?? 1)
        }
        return Shape(elements: document.elements.count, depth: depths.max() ?? 0)
    }
}
