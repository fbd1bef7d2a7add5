import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOPosix
import RampartConsole
import RampartCore
import RampartServices
import RampartSigV4
import RampartStore

/// How to run a server: where to listen, where the data lives, and test switches.
public struct ServerConfiguration: Sendable {
    public static let defaultPort = 9430

    public var host = "127.0.0.1"
    public var port = ServerConfiguration.defaultPort
    public var dataDirectory = DataDirectory(path: "./data")
    public var allowClockControl = false
    /// Load balancers whose forwarded-for header names the client (`aws:SourceIp`); none by default.
    public var trustedProxies = TrustedProxies()
    /// The console's origin as browsers reach it (WebAuthn checks it exactly); nil means
    /// http://localhost:PORT.
    public var consoleOrigin: String?
    /// The WebAuthn relying party id; nil means the console origin's host.
    public var relyingPartyId: String?

    public var consoleConfiguration: ConsoleConfiguration {
        ConsoleConfiguration(origin: consoleOrigin ?? "http://localhost:\(port)", relyingPartyId: relyingPartyId)
    }
    public var bootstrap = Bootstrap.Options()

    public init() {}

    public var endpoint: String { "http://\(host == "0.0.0.0" ? "127.0.0.1" : host):\(port)" }
}

/// Opens the data folder, bootstraps it on first start, and assembles the application: routes
/// for the AWS APIs, health, and (for tests) the clock.
public struct RampartServer: Sendable {
    public let configuration: ServerConfiguration
    public let environment: ServiceEnvironment
    public let bootstrapResult: Bootstrap.Result
    let clock: AdjustableClock

    public static func open(_ configuration: ServerConfiguration) async throws -> RampartServer {
        let directory = configuration.dataDirectory
        try directory.prepare()
        try directory.lock()
        let masterKey = try MasterKey.loadOrCreate(at: directory.masterKey)
        let store = try SQLiteStore(path: directory.database, recordTypes: RecordTypes.all)
        let clock = AdjustableClock()
        let environment = ServiceEnvironment(store: store, clock: clock, masterKey: masterKey)
        let result = try await Bootstrap(environment: environment).run(configuration.bootstrap)
        if result.created {
            try CredentialFiles.write(result, endpoint: configuration.endpoint, to: directory)
        }
        return RampartServer(
            configuration: configuration, environment: environment, bootstrapResult: result, clock: clock)
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

    public func buildApplication(logger: Logger) -> some ApplicationProtocol {
        let router = Router(context: RampartRequestContext.self)
        let handler = AWSRequestHandler(environment: environment, logger: logger)
        let proxies = configuration.trustedProxies
        router.get("/healthz") { _, _ in "ok\n" }
        let console = Console(configuration: configuration.consoleConfiguration, environment: environment)
        for path in ["/console", "/console/**"] {
            router.get(RouterPath(path)) { request, context in
                try await Self.respond(to: request, context: context, with: console, proxies: proxies)
            }
            router.post(RouterPath(path)) { request, context in
                try await Self.respond(to: request, context: context, with: console, proxies: proxies)
            }
        }
        router.post("/") { request, context in
            try await Self.respond(to: request, context: context, with: handler, proxies: proxies)
        }
        router.get("/") { request, context in
            try await Self.respond(to: request, context: context, with: handler, proxies: proxies)
        }
        if configuration.allowClockControl {
            let clock = clock
            router.post("/_rampart/clock") { request, _ -> Response in
                let body = try await request.body.collect(upTo: 4096)
                struct Offset: Decodable { var offset_seconds: Double }
                let offset = try JSONDecoder().decode(Offset.self, from: Data(buffer: body))
                clock.setOffset(offset.offset_seconds)
                return Response(status: .ok)
            }
        }
        return Application(
            router: router,
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: "Rampart"),
            logger: logger)
    }

    static func respond(
        to request: Request, context: RampartRequestContext, with console: Console, proxies: TrustedProxies
    ) async throws -> Response {
        let body = try await request.body.collect(upTo: 1 << 16)
        let headers = request.headers.map { ($0.name.rawName, $0.value) }
        let reply = await console.handle(
            ConsoleRequest(
                method: request.method.rawValue, path: request.uri.path, headers: headers, body: Array(buffer: body),
                sourceIp: proxies.clientAddress(peer: context.sourceIp, headers: headers),
                requestId: AWSRequestID.make()))
        var fields = HTTPFields()
        for (name, value) in reply.headers {
            if let field = HTTPField.Name(name) { fields.append(HTTPField(name: field, value: value)) }
        }
        return Response(
            status: HTTPResponse.Status(code: reply.status), headers: fields,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: reply.body)))
    }

    static let hostField = HTTPField.Name("Host")!

    static func respond(
        to request: Request, context: RampartRequestContext, with handler: AWSRequestHandler, proxies: TrustedProxies
    ) async throws -> Response {
        let body = try await request.body.collect(upTo: 1 << 21)
        // HTTPTypes moves the Host header into the authority pseudo-header; SigV4 signs it as `host`.
        var headers = request.headers.map { ($0.name.rawName, $0.value) }
        if request.headers[hostField] == nil, let authority = request.head.authority {
            headers.append(("host", authority))
        }
        let signed = SigV4Request(
            method: request.method.rawValue, path: request.uri.path, query: request.uri.query ?? "", headers: headers,
            body: Array(buffer: body))
        let reply = await handler.handle(
            signed, sourceIp: proxies.clientAddress(peer: context.sourceIp, headers: headers))
        var responseHeaders = HTTPFields()
        responseHeaders[.contentType] = reply.contentType
        responseHeaders[HTTPField.Name("x-amzn-RequestId")!] = reply.requestId
        return Response(
            status: HTTPResponse.Status(code: reply.status), headers: responseHeaders,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: reply.body)))
    }
}
