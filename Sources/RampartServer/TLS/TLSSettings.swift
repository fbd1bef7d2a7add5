/// Where the server's certificate chain and private key live (PEM files). The files are read at start
/// and again on SIGHUP or when they change, so a renewed certificate is served without a restart.
public struct TLSSettings: Sendable, Equatable {
    /// The certificate chain, leaf first.
    public var certificatePath: String
    public var privateKeyPath: String
    /// How often the files are checked for a change (nil: never); SIGHUP reloads at once whatever this is.
    public var watchInterval: Duration?
    /// The certificate authority clients should trust, when Rampart issued the certificate itself
    /// (`rampart init --self-signed`): the AWS profile it writes names it as `ca_bundle`.
    public var authorityPath: String?

    public init(certificatePath: String, privateKeyPath: String, watchInterval: Duration? = .seconds(2)) {
        self.certificatePath = certificatePath
        self.privateKeyPath = privateKeyPath
        self.watchInterval = watchInterval
    }

    /// The Strict-Transport-Security value every answer over TLS carries: a year, as browsers
    /// expect of a site that means it. Sent only over TLS (browsers ignore it on plain HTTP anyway).
    static let strictTransportSecurity = "max-age=31536000"
}
