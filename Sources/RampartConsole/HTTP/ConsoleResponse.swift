/// What the console answers: a status, headers (Set-Cookie among them) and a body.
public struct ConsoleResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public static func html(_ page: String, status: Int = 200) -> ConsoleResponse {
        ConsoleResponse(
            status: status, headers: [("Content-Type", "text/html; charset=utf-8")], body: Array(page.utf8))
    }

    /// 303: after a POST, the browser GETs the next page, so reloading never resubmits a form.
    public static func redirect(_ location: String) -> ConsoleResponse {
        ConsoleResponse(status: 303, headers: [("Location", location)])
    }

    public func setting(_ cookie: SetCookie) -> ConsoleResponse {
        var copy = self
        copy.headers.append(("Set-Cookie", cookie.headerValue))
        return copy
    }
}
