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

    /// Secure cookies need a secure context: https, or a loopback host that browsers treat as one.
    public var secureCookies: Bool {
        guard let components = URLComponents(string: origin) else { return false }
        if components.scheme == "https" { return true }
        return ["localhost", "127.0.0.1", "[::1]", "::1"].contains(components.host ?? "")
    }
}
