/// An output shape written as a JSON 1.1 response body: members in model order, nil omitted.
public protocol JSONEncodable: Sendable {
    func encode(to json: inout JSONWriter)
}
