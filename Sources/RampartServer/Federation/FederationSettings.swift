/// How the server reaches the identity providers whose tokens it verifies.
public struct FederationSettings: Sendable {
    /// PEM certificates trusted for providers besides the system's roots (a private CA; a test CA).
    public var caFile: String?
    /// Lets a provider on a loopback address be reached over plain HTTP. For tests only: a token's keys
    /// fetched without TLS could come from anyone on the path.
    public var allowLoopbackHTTP = false
    /// Seconds between two fetches of an issuer's keys caused by tokens naming a key id it lacks.
    public var keyRefetchInterval: Double = 5

    public init() {}
}
