import Foundation

/// One request to the console, as plain values: the server's HTTP layer builds it, and nothing in the
/// console knows Hummingbird.
public struct ConsoleRequest: Sendable {
    public var method: String
    /// The path below the site root, e.g. "/console/signin".
    public var path: String
    public var headers: [(String, String)]
    public var body: [UInt8]
    public var sourceIp: String
    public var requestId: String

    public init(
        method: String, path: String, headers: [(String, String)], body: [UInt8], sourceIp: String, requestId: String
    ) {
        self.method = method
        self.path = path
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
    public var cookies: [String: String] {
        var result = [String: String]()
        for (name, value) in headers where name.lowercased() == "cookie" {
            for pair in value.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2 else { continue }
                let key = parts[0].trimmingCharacters(in: .whitespaces)
                if result[key] == nil { result[key] = parts[1].trimmingCharacters(in: .whitespaces) }
            }
        }
        return result
    }
}
