import ArgumentParser
import RampartServer

/// How `serve` reaches the OIDC providers whose tokens AssumeRoleWithWebIdentity verifies.
struct FederationOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "PEM file of CA certificates trusted for identity providers' HTTPS, besides the system's roots.")
    var federationCaFile: String?

    @Flag(
        name: .long,
        help: "Fetch identity providers on loopback addresses over plain http (tests only; https is the default).")
    var federationAllowLoopbackHttp = false

    @Option(name: .long, help: "Seconds between refetches of an issuer's keys for tokens naming an unknown key id.")
    var federationKeyRefetchSeconds: Double = 5

    var settings: FederationSettings {
        var settings = FederationSettings()
        settings.caFile = federationCaFile
        settings.allowLoopbackHTTP = federationAllowLoopbackHttp
        settings.keyRefetchInterval = federationKeyRefetchSeconds
        return settings
    }
}
