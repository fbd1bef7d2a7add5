import ArgumentParser
import RampartServer

/// `serve`'s HTTPS options: a certificate chain and its key, both PEM, or neither.
struct TLSOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "PEM certificate chain (leaf first) to serve HTTPS and HTTP/2 with; reloaded on SIGHUP and on change.")
    var tlsCert: String?

    @Option(name: .long, help: "PEM private key of --tls-cert.")
    var tlsKey: String?

    @Option(name: .long, help: "Seconds between checks of the certificate files for a change; 0 for SIGHUP only.")
    var tlsReloadInterval = 2.0

    func validate() throws {
        if (tlsCert == nil) != (tlsKey == nil) { throw ValidationError("--tls-cert and --tls-key go together.") }
        guard tlsReloadInterval == 0 || tlsReloadInterval >= 0.1, tlsReloadInterval <= 86_400 else {
            throw ValidationError("--tls-reload-interval is 0 or between 0.1 and 86400 seconds.")
        }
    }

    /// The settings, when HTTPS was asked for. The certificate the data folder's `tls/` holds
    /// (from `rampart init --self-signed`) names its authority, so the AWS profile written on a
    /// first start can trust it.
    func settings(data: DataDirectory) -> TLSSettings? {
        guard let tlsCert, let tlsKey else { return nil }
        let interval = tlsReloadInterval == 0 ? nil : Duration.milliseconds(Int64(tlsReloadInterval * 1000))
        var settings = TLSSettings(certificatePath: tlsCert, privateKeyPath: tlsKey, watchInterval: interval)
        if tlsCert == data.tlsCertificate { settings.authorityPath = data.tlsAuthority }
        return settings
    }
}

/// What `init --self-signed` prints: where the files are and how clients trust them.
enum TLSInstructions {
    static func print(_ settings: TLSSettings, configuration: ServerConfiguration) {
        let authority = settings.authorityPath ?? settings.certificatePath
        let data = configuration.dataDirectory.path
        Output.line(
            """

            Wrote a certificate authority and a certificate for \
            \(SelfSignedCertificates.localNames.joined(separator: ", ")) signed by it:
              authority:    \(authority)   (its private key was not kept)
              certificate:  \(settings.certificatePath)
              private key:  \(settings.privateKeyPath)
            Serve HTTPS (and HTTP/2) with them:
              rampart serve --data \(data) --tls-cert \(settings.certificatePath) --tls-key \(settings.privateKeyPath)
            Trust the authority in the AWS CLI and SDKs (the generated profile already names it as ca_bundle):
              export AWS_CA_BUNDLE=\(authority)
              aws --endpoint-url \(configuration.endpoint) sts get-caller-identity
            curl: --cacert \(authority); browsers: import it as a trusted authority.
            """)
    }
}
