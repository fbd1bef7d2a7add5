import Foundation

/// One request to the console, as plain values: the server's HTTP layer builds it, and nothing in the
/// console knows Hummingbird.
public struct ConsoleRequest: Sendable {
    public var method: String
    /// The path below the site root, e.g. "/console/signin".
    public var path: String
    /// The query string, without its `?` (empty when there is none).
    public var query: String
    public var headers: [(String, String)]
    public var body: [UInt8]
    public var sourceIp: String
    public var requestId: String

    public init(
        method: String, path: String, query: String = "", headers: [(String, String)], body: [UInt8], sourceIp: String,
        requestId: String
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.sourceIp = sourceIp
        self.requestId = requestId
    }

    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.0.lowercased() == lowered }?.1
    }

    /// Cookies by name; the first of a repeated name wins, as browsers send the most specific first.
    /// The header is split on its bytes, not on Characters: a `;` or `=` after a character that joins
    /// the next one into its grapheme (U+0600, say) still separates.
    public var cookies: [String: String] {
        var result = [String: String]()
        for (name, value) in headers where name.lowercased() == "cookie" {
            for pair in value.utf8.split(separator: UInt8(ascii: ";")) {
                guard let equals = pair.firstIndex(of: UInt8(ascii: "=")), equals > pair.startIndex,
                    pair.index(after: equals) < pair.endIndex
                else { continue }
                let key = String(decoding: pair[..<equals], as: UTF8.self).trimmingCharacters(in: .whitespaces)
                if result[key] == nil {
                    result[key] = String(decoding: pair[pair.index(after: equals)...], as: UTF8.self)
                        .trimmingCharacters(in: .whitespaces)
                }
            }
        }
        return result
    }
}
