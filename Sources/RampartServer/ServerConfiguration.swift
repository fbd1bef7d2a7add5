import RampartConsole
import RampartCore
import RampartPostgres
import RampartServices

/// How to run a server: where to listen, where the data lives, and test switches.
public struct ServerConfiguration: Sendable {
    public static let defaultPort = 9430

    public var host = "127.0.0.1"
    public var port = ServerConfiguration.defaultPort
    public var dataDirectory = DataDirectory(path: "./data")
    /// Where the records and the audit trail live: SQLite in the data folder, or PostgreSQL.
    public var database = DatabaseLocation.sqlite
    /// Bytes of account records the SQLite store keeps in memory (the working-set mode); nil keeps
    /// every record in memory.
    public var memoryBudget: Int?
    /// The master key and the trail's signing key; nil for the data folder's. Instances sharing a
    /// PostgreSQL database must share both (the store refuses to start with others).
    public var masterKeyPath: String?
    public var trailSigningKeyPath: String?
    public var allowClockControl = false
    /// AccessDenied answers carry the denial's details sealed (`Encoded authorization failure message:`)
    /// for `DecodeAuthorizationMessage`. Off by default: AWS encodes them for some services (EC2) only,
    /// never for IAM or STS, and clients compare AccessDenied messages.
    public var encodeAuthorizationMessages = false
    /// Load balancers whose forwarded-for header names the client (`aws:SourceIp`); none by default.
    public var trustedProxies = TrustedProxies()
    /// The console's origin as browsers reach it (WebAuthn checks it exactly); nil means
    /// http://localhost:PORT.
    public var consoleOrigin: String?
    /// The WebAuthn relying party id; nil means the console origin's host.
    public var relyingPartyId: String?
    /// The connection cap and the idle and request timeouts.
    public var connectionLimits = ConnectionLimits()
    /// How many accounts one organization may hold.
    public var organizationAccountLimit = Limits.organizationAccounts
    /// How many server certificates one account may hold.
    public var serverCertificateLimit = Limits.serverCertificatesPerAccount
    /// The audit trail: how long events are kept and how many LookupEvents calls an account may
    /// make per second (AWS's two by default; zero or less for no limit).
    public var trail = TrailSettings()
    /// Metrics (`/metrics`, on by default) and where they are served.
    public var monitoring = MonitoringSettings()
    /// OpenTelemetry traces over OTLP/HTTP; off unless an endpoint is set.
    public var tracing = TracingSettings()
    /// The certificate and key to serve HTTPS with (HTTP/2 where the client offers it); nil for plain HTTP.
    public var tls: TLSSettings?
    /// How OIDC providers are reached to verify web identity tokens.
    public var federation = FederationSettings()
    /// The mail server email alerts go through; nil: they are written to the data folder's outbox.
    public var smtp: SMTPSettings?

    public var consoleConfiguration: ConsoleConfiguration {
        ConsoleConfiguration(
            origin: consoleOrigin ?? "\(scheme)://localhost:\(port)", relyingPartyId: relyingPartyId,
            trailRetention: trail.retention)
    }
    public var bootstrap = Bootstrap.Options()

    public init() {}

    public var scheme: String { tls == nil ? "http" : "https" }

    public var endpoint: String { "\(scheme)://\(host == "0.0.0.0" ? "127.0.0.1" : host):\(port)" }
}
