import Foundation

/// One Set-Cookie header. Every console cookie is HttpOnly (no script reads it), SameSite=Strict (no other
/// site can make the browser send it, which is the first line against CSRF) and scoped to /console; Secure
/// whenever the console's origin is a secure context.
public struct SetCookie: Sendable, Equatable {
    public var name: String
    public var value: String
    /// Nil: a browser-session cookie. Zero or less: delete it.
    public var maxAge: Int?
    public var secure: Bool

    public init(name: String, value: String, maxAge: Int?, secure: Bool) {
        self.name = name
        self.value = value
        self.maxAge = maxAge
        self.secure = secure
    }

    public static func deleting(_ name: String, secure: Bool) -> SetCookie {
        SetCookie(name: name, value: "", maxAge: 0, secure: secure)
    }

    public var headerValue: String {
        var parts = ["\(name)=\(value)", "Path=/console", "HttpOnly", "SameSite=Strict"]
        if let maxAge { parts.append("Max-Age=\(max(0, maxAge))") }
        if secure { parts.append("Secure") }
        return parts.joined(separator: "; ")
    }
}
