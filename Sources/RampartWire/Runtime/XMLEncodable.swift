/// A shape written into an AWS Query XML response. `encode(to:)` writes the members, in model
/// order, as child elements; the caller writes the element that encloses them.
public protocol XMLEncodable: Sendable {
    func encode(to xml: inout XMLWriter)
}
