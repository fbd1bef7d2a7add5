import Foundation
import HummingbirdCore
import Logging
import NIOCore
import NIOPosix
import RampartConsole
import RampartCore
import RampartPostgres
import RampartServices
import RampartSigV4
import RampartStore
import ServiceLifecycle

/// Opens the data folder, bootstraps it on first start, and assembles the HTTP server: the AWS
/// APIs, the console, health, and (for tests) the clock; `HTTPRoute` holds the table.
public struct RampartServer: Sendable {
    public let configuration: ServerConfiguration
    public let environment: ServiceEnvironment
    public let bootstrapResult: Bootstrap.Result
    /// Signs the trail's digests; `rampart admin rotate-audit-signing-key` replaces its key.
    let signer: TrailSigner
    let clock: AdjustableClock
    /// The open connections and the ones shed at the cap, across every service made from this server.
    let connections: ConnectionCount
    let monitoring: Monitoring
    /// The certificate being served, when the configuration asks for TLS.
    let tls: TLSCertificateReloader?
    /// EventBridge's default buses: `PutEvents` and the audit trail offer events, the delivery
    /// service matches and delivers them.
    let eventBus: EventBus
    /// The spans' exporter, when `configuration.tracing` names an endpoint.
    let traces: TraceExport?

    /// How many connections were closed at once for being over `ConnectionLimits.maxConnections`.
    public var connectionsShed: Int { connections.shed }

    public static func open(_ configuration: ServerConfiguration) async throws -> RampartServer {
        let directory = configuration.dataDirectory
        try directory.prepare()
        try directory.lock()
        // Before anything is created: a certificate that cannot be read stops the start here.
        let tls = try configuration.tls.map { settings throws(TLSSetupError) in
            try TLSCertificateReloader(settings: settings, logger: Logger(label: "rampart.tls"))
        }
        let masterKeyFile = configuration.masterKeyPath ?? directory.masterKey
        let fileKeys = try MasterKeyring.loadOrCreate(at: masterKeyFile)
        let signingKeyFile = configuration.trailSigningKeyPath ?? directory.trailSigningKey
        let signingKey = try TrailSigningKey.loadOrCreate(at: signingKeyFile)
        let signer = TrailSigner(signingKey)
        let clock = AdjustableClock()
        let trailTap = TrailTap()
        let traces = try TraceExport(configuration.tracing, logger: Logger(label: "rampart.tracing"))
        let (engine, masterKeys) = try await openStore(
            configuration, masterKeys: fileKeys, signingKey: signingKey, tap: trailTap)
        let fleet = engine as? PostgresStore
        let monitoring = Monitoring(
            configuration.monitoring,
            store: traces.map { TracedStore(engine, tracer: $0.tracer, system: configuration.database.system) }
                ?? engine,
            clock: clock)
        // Every committed write that changes identities, whoever made it (API, console, background
        // job), re-evaluates the account's change-triggered Config rules.
        let trigger = ConfigChangeTrigger(store: monitoring.store, clock: clock)
        let store = CommitObservingStore(monitoring.store, amend: ConfigChangeTrigger.markDue) { trigger.committed($0) }
        let environment = ServiceEnvironment(
            store: store, clock: clock, masterKeys: masterKeys,
            keyFiles: KeyFiles(
                masterKey: masterKeyFile, auditSigningKey: signingKeyFile, auditSigner: signer,
                rotationRefusal: nil, fleet: fleet),
            organizationAccountLimit: configuration.organizationAccountLimit, metrics: monitoring.security,
            serverCertificateLimit: configuration.serverCertificateLimit,
            issuerKeys: IssuerKeyCache(
                source: try HTTPSIssuerDocumentSource(settings: configuration.federation),
                refetchInterval: configuration.federation.keyRefetchInterval),
            outboundIssuerOrigin: configuration.consoleConfiguration.origin)
        let email = try configuration.smtp.map { smtp in
            EmailRouting(
                sender: smtp.sender, subscriptions: smtp.subscriptions, mailer: try SMTPMailSender(settings: smtp))
        }
        let eventBus = EventBus(
            environment: environment, sender: NIOEventSender(),
            deadLetters: DeadLetterFolder(path: directory.deadLetters), outbox: EmailOutbox(path: directory.outbox),
            pending: PendingDeliveryFolder(path: directory.pendingDeliveries), email: email)
        trailTap.listen { eventBus.offer(trail: $0) }
        let result = try await Bootstrap(environment: environment).run(configuration.bootstrap)
        await environment.masterKeyRotation?.resumeIfInterrupted()
        // On a fleet, before the first digest: the audit key a rotation left in the store.
        await environment.auditKeyRotation?.adoptStoredKey()
        if result.created {
            try CredentialFiles.write(
                result, endpoint: configuration.endpoint, caBundle: configuration.tls?.authorityPath, to: directory)
        }
        return RampartServer(
            configuration: configuration, environment: environment, bootstrapResult: result, signer: signer,
            clock: clock, connections: ConnectionCount(maximum: configuration.connectionLimits.maxConnections),
            monitoring: monitoring, tls: tls, eventBus: eventBus, traces: traces)
    }

    /// The store, and the master keys to seal with: the key file's, with (on a fleet) the key the
    /// database records for the fleet as the one that seals.
    private static func openStore(
        _ configuration: ServerConfiguration, masterKeys: MasterKeyring, signingKey: TrailSigningKey, tap: TrailTap
    ) async throws -> (any Store, MasterKeyring) {
        switch configuration.database {
        case .sqlite:
            let store = try SQLiteStore(
                path: configuration.dataDirectory.database, recordTypes: RecordTypes.all, tap: tap,
                memoryBudget: configuration.memoryBudget, renderer: APICallFactsRenderer())
            return (store, masterKeys)
        case .postgres(let url):
            let store = try await PostgresStore.open(
                url: url, recordTypes: RecordTypes.all, tap: tap, memoryBudget: configuration.memoryBudget)
            // Secrets sealed by one instance must open on every other: this one must hold the key the
            // fleet seals with (any line of its key file, which a rotation grows and shrinks).
            let sealing = try await store.requireShared(
                MasterKeyRotation.sharedKeyName, fingerprint: masterKeys.primary.fingerprint,
                alsoAccepting: masterKeys.previous.map(\.fingerprint),
                remedy: "start every instance with the same --master-key-file")
            let primary = masterKeys.all.first { $0.fingerprint == sealing } ?? masterKeys.primary
            // Digests signed by one verify with the key the others publish; after a rotation every
            // instance signs with the key the store holds sealed, whatever its file says.
            if store.snapshot().get(SealedDataKey.self, SealedDataKey.auditSigning) == nil {
                try await store.requireShared(
                    "audit signing key", fingerprint: signingKey.verifyingKey.fingerprint,
                    remedy: "start every instance with the same --audit-signing-key-file")
            }
            return (store, MasterKeyring(primary: primary, previous: masterKeys.all))
        }
    }

    /// Makes the event loops that serve HTTP also Swift Concurrency's global executor, so a request
    /// is parsed, handled and answered on one thread. Without it every request hops from its event
    /// loop to the cooperative pool and back: measured on GetUser, about a third of the server's
    /// CPU went to those hops and their wake-ups. Call once, before serving. Blocking work (scrypt)
    /// must then leave the loops on its own (see `OffLoop`).
    @discardableResult
    public static func runTasksOnEventLoops() -> Bool {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }

    /// The audit trail's background work (batched writes, retention, digests), to run beside `makeService`.
    public func makeTrailService(logger: Logger) -> any Service {
        TrailMaintenance(
            store: environment.store, settings: configuration.trail, clock: clock,
            digests: TrailDigestWriter(store: environment.store, signer: signer), logger: logger)
    }

    /// AWS Config's periodic rules, to run beside `makeService`.
    public func makeConfigService(logger: Logger, interval: Duration = .seconds(2)) -> any Service {
        ConfigSchedule(store: environment.store, clock: clock, interval: interval, logger: logger)
    }

    /// EventBridge's matching and deliveries, to run beside `makeService`.
    public func makeEventBridgeService(logger: Logger) -> any Service {
        EventBridgeDelivery(bus: eventBus, clock: clock, logger: logger)
    }

    /// Sends the spans to the OTLP endpoint; nil with tracing off. Stop it after the HTTP service (put
    /// it before it in a `ServiceGroup`), so the last requests' spans still go out.
    public func makeTracingService() -> (any Service)? {
        traces?.service
    }

    /// On a fleet, follows the master key file and the fleet's keys (`FleetKeyRingService`); nil on
    /// one server.
    public func makeFleetKeyRingService() -> (any Service)? {
        guard case .postgres = configuration.database, let rotation = environment.masterKeyRotation else { return nil }
        return FleetKeyRingService(masterKeys: rotation, auditKey: environment.auditKeyRotation)
    }

    /// Reloads the TLS certificate on SIGHUP and when its files change; nil without TLS.
    public func makeTLSReloadService() -> (any Service)? {
        tls.map { TLSReloadService(reloader: $0) }
    }

    /// The HTTP server as a service: run it in a `ServiceGroup` (which stops it gracefully on
    /// SIGTERM and SIGINT). `onServerRunning` receives the listening channel, whose local address
    /// says which port was bound when the configuration asked for port 0.
    public func makeService(
        logger: Logger, onServerRunning: (@concurrent @Sendable (any Channel) async -> Void)? = nil
    ) -> any Service {
        let routes = HTTPRoutes(
            clockControl: configuration.allowClockControl,
            metrics: configuration.monitoring.metricsOnMainListener)
        return makeService(
            routes: routes, host: configuration.host, port: configuration.port, logger: logger,
            onServerRunning: onServerRunning)
    }

    /// The listener of `--metrics-address`, serving `/metrics` alone; nil when the metrics are off or
    /// on the main listener.
    public func makeMetricsService(
        logger: Logger, onServerRunning: (@concurrent @Sendable (any Channel) async -> Void)? = nil
    ) -> (any Service)? {
        let settings = configuration.monitoring
        guard settings.metricsEnabled, let address = settings.metricsAddress else { return nil }
        return makeService(
            routes: HTTPRoutes(api: false, metrics: true), host: address.host, port: address.port, logger: logger,
            onServerRunning: onServerRunning)
    }

    private func makeService(
        routes: HTTPRoutes, host: String, port: Int, logger: Logger,
        onServerRunning: (@concurrent @Sendable (any Channel) async -> Void)?
    ) -> any Service {
        let tracer = traces?.tracer ?? .off
        let responder = RampartResponder(
            aws: AWSRequestHandler(
                environment: environment, trail: configuration.trail, signingKeys: monitoring.signingKeys,
                eventBus: eventBus, encodeAuthorizationMessages: configuration.encodeAuthorizationMessages,
                logger: logger, tracer: tracer),
            console: Console(configuration: configuration.consoleConfiguration, environment: environment),
            proxies: configuration.trustedProxies, clock: clock, routes: routes,
            monitoring: monitoring.requests(logger: logger, posture: PostureService(environment: environment)),
            tracer: tracer)
        return RampartChildChannel(
            responder: responder, limits: configuration.connectionLimits, connections: connections, tls: tls,
            logger: logger
        ).server(
            configuration: HummingbirdCore.ServerConfiguration(address: .hostname(host, port: port)),
            onServerRunning: onServerRunning, eventLoopGroup: MultiThreadedEventLoopGroup.singleton, logger: logger)
    }
}
