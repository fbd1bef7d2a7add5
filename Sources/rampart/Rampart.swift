import ArgumentParser
import Foundation
import Logging
import RampartCore
import RampartPolicy
import RampartPostgres
import RampartServer
import RampartServices
import ServiceLifecycle

@main
struct Rampart: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "A self-hosted identity plane that speaks AWS IAM and STS.",
        version: RampartVersion.current,
        subcommands: [
            Serve.self, Init.self, Admin.self, Audit.self, Lint.self, Backup.self, Restore.self, ConfigCommand.self,
            StoreCommand.self,
        ],
        defaultSubcommand: Serve.self)

    /// The parser's own `main`, but `serve`'s command line first gets what the environment and the
    /// configuration file add (see `EffectiveOptions`).
    static func main() async {
        var configuration: EffectiveOptions?
        do {
            let effective = try ServeInvocation.effective(
                Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment)
            configuration = effective.configuration
            var command = try parseAsRoot(effective.arguments)
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch let error as OptionError {
            FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
            Foundation.exit(ExitCode.validationFailure.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code != .success, configuration != nil, !(error is ExitCode) {
                FileHandle.standardError.write(
                    Data((ServeInvocation.message(for: error, configuration: configuration) + "\n").utf8))
                Foundation.exit(code.rawValue)
            }
            exit(withError: error)
        }
    }
}

/// Options shared by `serve` and `init`.
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: "The data folder (SQLite database, master key, AWS profile files).")
    var data = "./data"

    @Option(name: .long, help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "Port to listen on.")
    var port = ServerConfiguration.defaultPort

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A PostgreSQL URL, postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=…, for several instances on one "
                + "database (default: SQLite in the data folder; also RAMPART_DATABASE_URL).",
            valueName: "url"))
    var database: String?

    @Option(name: .long, help: "The master key file (default: DATA/master.key). Instances on one database share it.")
    var masterKeyFile: String?

    @Option(
        name: .long,
        help:
            "The audit trail's signing key file (default: DATA/audit-signing.key). Instances on one database share it.")
    var auditSigningKeyFile: String?

    /// Applies these options to a configuration; `--database` wins over `RAMPART_DATABASE_URL`.
    func apply(to configuration: inout ServerConfiguration) throws {
        configuration.host = host
        configuration.port = port
        configuration.dataDirectory = DataDirectory(path: data)
        configuration.masterKeyPath = masterKeyFile
        configuration.trailSigningKeyPath = auditSigningKeyFile
        if let url = database ?? ProcessInfo.processInfo.environment["RAMPART_DATABASE_URL"], !url.isEmpty {
            do {
                configuration.database = .postgres(try PostgresDatabaseURL(url))
            } catch {
                throw ValidationError("--database: \(error)")
            }
        }
    }
}

/// Values `init` accepts so a test environment is the same every time.
struct BootstrapOptions: ParsableArguments {
    @Option(name: .long, help: "12-digit account id (default: random).")
    var accountId: String?

    @Option(name: .long, help: "Root user email (default: root@rampart.localhost).")
    var rootEmail: String?

    @Option(name: .long, help: "Root user password (default: generated and printed once).")
    var rootPassword: String?

    @Option(name: .long, help: "Access key id of the IAM user admin (AKIA…).")
    var adminAccessKeyId: String?

    @Option(name: .long, help: "Secret access key of the IAM user admin.")
    var adminSecretAccessKey: String?

    @Option(name: .long, help: "Also create a root access key with this id (AKIA…).")
    var rootAccessKeyId: String?

    @Option(name: .long, help: "Secret of the root access key.")
    var rootSecretAccessKey: String?

    @Option(
        name: .long,
        help:
            "The account's partition: aws (default), aws-us-gov, aws-cn, aws-iso, … (no root user in aws-us-gov and aws-cn)."
    )
    var partition: String?

    func options() throws -> Bootstrap.Options {
        var options = Bootstrap.Options()
        if let accountId {
            guard let id = AccountID(accountId) else { throw ValidationError("--account-id must be 12 digits") }
            options.accountId = id
        }
        options.rootEmail = rootEmail
        options.rootPassword = rootPassword
        options.adminAccessKeyId = adminAccessKeyId
        options.adminSecretAccessKey = adminSecretAccessKey
        options.rootAccessKeyId = rootAccessKeyId
        options.rootSecretAccessKey = rootSecretAccessKey
        options.partition = partition.map(Partition.init(rawValue:))
        return options
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start the server (creating the data folder on first start).")

    @OptionGroup var data: DataOptions
    @OptionGroup var bootstrap: BootstrapOptions
    @OptionGroup var monitoring: MonitoringOptions
    @OptionGroup var tracing: TracingOptions
    @OptionGroup var tls: TLSOptions
    @OptionGroup var federation: FederationOptions
    @OptionGroup var email: EmailOptions

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A configuration file (TOML) of serve options, one `name = value` per line (also RAMPART_CONFIG).",
            discussion: "Precedence: command line, then RAMPART_* environment variables, then this file, then defaults."
        ))
    var config: String?

    @Flag(name: .long, help: "Allow POST /_rampart/clock to shift the server clock (tests only).")
    var allowClockControl = false

    @Flag(
        name: .long,
        help:
            "Append an encoded authorization failure message to AccessDenied answers (sts:DecodeAuthorizationMessage).")
    var encodeAuthorizationMessages = false

    @Option(
        name: .long,
        help: "A load balancer address or CIDR block whose client-address header is believed (repeatable).")
    var trustedProxy: [String] = []

    @Option(name: .long, help: "The header trusted proxies name the client in.")
    var clientAddressHeader = TrustedProxies.defaultHeader

    @Option(name: .long, help: "The console's origin as browsers reach it (default: http://localhost:PORT).")
    var consoleOrigin: String?

    @Option(name: .long, help: "The WebAuthn relying party id (default: the console origin's host).")
    var rpId: String?

    @Option(
        name: .long,
        help: "Connections beyond this many are closed at once (default: 1000, fewer under a low descriptor limit).")
    var maxConnections: Int?

    @Option(name: .long, help: "Seconds a kept-alive connection may wait for its next request.")
    var idleTimeout = 60

    @Option(name: .long, help: "Seconds a request may take to arrive whole (head and body) from its first byte.")
    var requestTimeout = 30

    @Option(name: .long, help: "Accounts one organization may hold (AWS's quota, adjustable there too).")
    var maxOrganizationAccounts = Limits.organizationAccounts

    @Option(name: .long, help: "Server certificates one account may hold (AWS's default quota is 20).")
    var maxServerCertificates = Limits.serverCertificatesPerAccount

    @Option(name: .long, help: "Days the audit trail keeps events (CloudTrail's event history keeps 90).")
    var trailRetentionDays = 90

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Audit trail events waiting to be written past which requests are refused (503) rather than "
                + "served unaudited (PostgreSQL away for long)."))
    var trailBacklogLimit = TrailSettings.defaultBacklogLimit

    @Option(name: .long, help: "LookupEvents calls an account may make per second (AWS allows 2); 0 for no limit.")
    var lookupEventsPerSecond = 2.0

    @Option(name: .long, help: "on (the default), or off to measure what recording API calls costs.")
    var auditTrail = "on"

    @Option(name: .long, help: "Seconds between signed digests of the audit trail (default: an hour).")
    var trailDigestInterval = 3600.0

    @Option(
        name: .long,
        help: ArgumentHelp(
            "MiB of account records to keep in memory: accounts load on first use and the least recently "
                + "used are evicted over it (default: every record in memory).", valueName: "mib"))
    var memoryBudget: Int?

    func validate() throws {
        guard ["on", "off"].contains(auditTrail) else { throw ValidationError("--audit-trail is on or off.") }
        if trailDigestInterval < 0.1 { throw ValidationError("--trail-digest-interval must be at least 0.1.") }
        if trailRetentionDays < 1 { throw ValidationError("--trail-retention-days must be at least 1.") }
        if trailBacklogLimit < 1 { throw ValidationError("--trail-backlog-limit must be at least 1.") }
        if let maxConnections, maxConnections < 1 { throw ValidationError("--max-connections must be at least 1.") }
        guard idleTimeout >= 1, requestTimeout >= 1 else {
            throw ValidationError("--idle-timeout and --request-timeout must be at least 1 second.")
        }
        if maxOrganizationAccounts < 1 { throw ValidationError("--max-organization-accounts must be at least 1.") }
        if maxServerCertificates < 1 { throw ValidationError("--max-server-certificates must be at least 1.") }
        if let memoryBudget, memoryBudget < 1 { throw ValidationError("--memory-budget must be at least 1 (MiB).") }
    }

    func run() async throws {
        RampartServer.runTasksOnEventLoops()
        ConnectionLimits.raiseDescriptorLimit()
        var networks = [IPNetwork]()
        for text in trustedProxy {
            guard let network = IPNetwork(text) else {
                throw ValidationError("--trusted-proxy \(text) is not an IP address or CIDR block.")
            }
            networks.append(network)
        }
        var configuration = ServerConfiguration()
        configuration.memoryBudget = memoryBudget.map { $0 * 1024 * 1024 }
        configuration.trustedProxies = TrustedProxies(networks: networks, header: clientAddressHeader)
        configuration.consoleOrigin = consoleOrigin
        configuration.relyingPartyId = rpId
        try data.apply(to: &configuration)
        configuration.tls = tls.settings(data: configuration.dataDirectory)
        configuration.allowClockControl = allowClockControl
        configuration.encodeAuthorizationMessages = encodeAuthorizationMessages
        configuration.federation = federation.settings
        configuration.smtp = try email.settings()
        configuration.organizationAccountLimit = maxOrganizationAccounts
        configuration.serverCertificateLimit = maxServerCertificates
        configuration.trail.retention = TimeInterval(trailRetentionDays) * 86_400
        configuration.trail.backlogLimit = trailBacklogLimit
        configuration.trail.lookupsPerSecond = lookupEventsPerSecond
        configuration.trail.recordsAPICalls = auditTrail == "on"
        configuration.trail.digestInterval = .milliseconds(Int64(trailDigestInterval * 1000))
        let ceiling = ConnectionLimits.connectionCeiling()
        if let maxConnections, maxConnections > ceiling {
            Output.line("--max-connections \(maxConnections) lowered to \(ceiling) to fit the descriptor limit.")
        }
        configuration.connectionLimits = ConnectionLimits(
            maxConnections: min(maxConnections ?? ConnectionLimits.defaultMaxConnections(), ceiling),
            idleTimeout: .seconds(idleTimeout), requestTimeout: .seconds(requestTimeout))
        configuration.bootstrap = try bootstrap.options()
        configuration.monitoring = monitoring.settings()
        configuration.tracing = tracing.settings
        let logger = monitoring.logger()
        let server = try await RampartServer.open(configuration)
        SignInInstructions.print(server.bootstrapResult, configuration: configuration)
        // The console works only at its configured origin (cookies, the Origin check, WebAuthn): say which.
        Output.line(
            "Rampart listening on \(configuration.endpoint); console at \(configuration.consoleConfiguration.origin)/console"
        )
        monitoring.announce(configuration.monitoring)
        let service = server.makeService(logger: logger)
        // Services stop in reverse order: HTTP first, then the trail writes what its last requests queued.
        let trail = server.makeTrailService(logger: logger)
        let config = server.makeConfigService(logger: logger)
        let events = server.makeEventBridgeService(logger: logger)
        let metrics = server.makeMetricsService(logger: logger)
        let reload =
            (server.makeTLSReloadService().map { [$0] } ?? []) + (server.makeFleetKeyRingService().map { [$0] } ?? [])
        // First, so it stops last and sends the spans of the requests HTTP finished while stopping.
        let traces = server.makeTracingService().map { [$0] } ?? []
        try await ServiceGroup(
            configuration: .init(
                services: traces + [trail, config, events] + reload + (metrics.map { [$0] } ?? []) + [service],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        ).run()
    }
}

struct Init: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create the data folder without serving.")

    @OptionGroup var data: DataOptions
    @OptionGroup var bootstrap: BootstrapOptions

    @Flag(
        name: .long,
        help: "Also write a certificate authority and a localhost certificate into the data folder's tls/ for HTTPS.")
    var selfSigned = false

    func run() async throws {
        var configuration = ServerConfiguration()
        try data.apply(to: &configuration)
        configuration.bootstrap = try bootstrap.options()
        if selfSigned {
            // Before the data folder's first open, so the AWS profile it writes points at https.
            try configuration.dataDirectory.prepare()
            configuration.tls = try SelfSignedCertificates.write(in: configuration.dataDirectory)
        }
        let server = try await RampartServer.open(configuration)
        SignInInstructions.print(server.bootstrapResult, configuration: configuration)
        if let tls = configuration.tls { TLSInstructions.print(tls, configuration: configuration) }
    }
}
