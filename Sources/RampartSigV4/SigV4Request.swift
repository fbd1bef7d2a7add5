/// An HTTP request as the server received it, before any interpretation.
///
/// Transport-agnostic so that the verifier can be tested without a server and used by any.
/// `path` and `query` must be the raw, still percent-encoded text from the request line: the
/// canonical request is computed from exactly those bytes, and decoding them first would change
/// what was signed. The server must supply `host` (from `:authority` under HTTP/2).
public struct SigV4Request: Sendable {
    public var method: String
    /// Raw path, percent-encoded as received, without the query.
    public var path: String
    /// Raw query string without the `?`; empty when there is none.
    public var query: String
    /// Every header as received: names in any case, repeated names kept, in order.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(
        method: String, path: String, query: String = "", headers: [(name: String, value: String)],
        body: [UInt8] = []
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// Every value of the header `name` (compared without regard to ASCII case), in order.
    public func values(ofHeader name: String) -> [String] {
        headers.compactMap { Self.sameName($0.name, name) ? $0.value : nil }
    }

    func hasHeader(_ name: String) -> Bool {
        headers.contains { Self.sameName($0.name, name) }
    }

    mutating func removeHeader(_ name: String) {
        headers.removeAll { Self.sameName($0.name, name) }
    }

    /// ASCII case-insensitive comparison without allocating lowercased copies.
    static func sameName(_ lhs: String, _ rhs: String) -> Bool {
        guard lhs.utf8.count == rhs.utf8.count else { return false }
        var left = lhs.utf8.makeIterator()
        var right = rhs.utf8.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil): return true
            case (let l?, let r?):
                if l != r && lowercase(l) != lowercase(r) { return false }
            default: return false
            }
        }
    }

    static func lowercase(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }
}
