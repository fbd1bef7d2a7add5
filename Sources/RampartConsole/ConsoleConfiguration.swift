import Foundation
import RampartServices

/// Where the console is served from, as browsers see it. WebAuthn binds credentials to the relying party
/// id and checks the origin exactly, so both are configuration, never guessed from request headers.
public struct ConsoleConfiguration: Sendable {
    /// e.g. "http://localhost:9430" or "https://id.example.com".
    public var origin: String
    /// The WebAuthn relying party id: the origin's host unless set.
    public var relyingPartyId: String
    /// How far back the audit trail reaches: the event history and the recent sign-ins look no further.
    public var trailRetention: TimeInterval

    public init(
        origin: String, relyingPartyId: String? = nil, trailRetention: TimeInterval = TrailRetention.defaultPeriod
    ) {
        self.origin = origin
        self.relyingPartyId = relyingPartyId ?? URLComponents(string: origin)?.host ?? "localhost"
        self.trailRetention = trailRetention
    }

    static let loopbackHosts: Set<String> = ["localhost", "127.0.0.1", "[::1]", "::1"]

    /// Secure cookies need a secure context: https, or a loopback host that browsers treat as one.
    public var secureCookies: Bool {
        guard let components = URLComponents(string: origin) else { return false }
        if components.scheme == "https" { return true }
        return Self.loopbackHosts.contains(components.host ?? "")
    }

    /// The configured origin's URL for a request that reached a loopback origin by another loopback name
    /// (`127.0.0.1` for `localhost`, or the other way round); nil when the request came by the configured
    /// name, or by any name when the origin is not loopback (a proxy in front may send its own Host).
    /// Cookies and the Origin check are bound to one name, so every form at the other would be refused.
    public func canonicalURL(host: String?, path: String, query: String) -> String? {
        guard let components = URLComponents(string: origin), let originHost = components.host,
            Self.loopbackHosts.contains(originHost), let host = host?.lowercased()
        else { return nil }
        let bracketed = originHost.contains(":") && !originHost.hasPrefix("[") ? "[\(originHost)]" : originHost
        let authority = bracketed + (components.port.map { ":\($0)" } ?? "")
        guard host != authority.lowercased() else { return nil }
        let requestHost =
            host.hasPrefix("[") ? String(host.prefix { $0 != "]" }) + "]" : String(host.prefix { $0 != ":" })
        guard Self.loopbackHosts.contains(requestHost) else { return nil }
        return origin + path + (query.isEmpty ? "" : "?" + query)
    }
}
