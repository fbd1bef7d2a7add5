import Foundation
import RampartConsole
import RampartCore
import RampartServices
import RampartSigV4

/// Answers a request on its route: the AWS APIs, the console, health, readiness, metrics, and (tests
/// only) the clock. Transport-free, like the handlers it calls; `HTTPConnectionHandler` owns the
/// socket side. A class, so that each request's task holds one reference rather than copies of every
/// handler.
final class RampartResponder: Sendable {
    let aws: AWSRequestHandler
    let console: Console
    let proxies: TrustedProxies
    let clock: AdjustableClock
    let routes: HTTPRoutes
    let monitoring: RequestMonitoring
    /// The server span of each request (continuing a caller's `traceparent`); `.off` makes none.
    let tracer: RequestTracer

    init(
        aws: AWSRequestHandler, console: Console, proxies: TrustedProxies, clock: AdjustableClock, routes: HTTPRoutes,
        monitoring: RequestMonitoring, tracer: RequestTracer = .off
    ) {
        self.aws = aws
        self.console = console
        self.proxies = proxies
        self.clock = clock
        self.routes = routes
        self.monitoring = monitoring
        self.tracer = tracer
    }

    /// A request refused at the HTTP layer (no route, a wrong method, too large a body, a malformed
    /// length), in the shape its client parses: plain text on the console's paths, where browsers go;
    /// everywhere else the AWS error envelope, JSON 1.1 for a request that names an `X-Amz-Target`.
    func refusal(_ error: AWSError, on route: HTTPRoute?, json: Bool) -> HTTPResponseMessage {
        if route == .console { return .text(error.message + "\n", status: error.httpStatus) }
        return .awsError(error, json: json, requestId: aws.requestIds.next())
    }

    /// A person who typed the server's address: a GET of `/` with no query and no signature, from a
    /// client that asks for HTML. No AWS client sends that (a presigned GET carries its query), so the
    /// browser goes to the console instead of reading an XML error.
    static func isBrowserVisit(_ request: HTTPRequestMessage) -> Bool {
        guard request.method == "GET", request.query.isEmpty else { return false }
        let header = { (name: String) in request.headers.first { $0.0.lowercased() == name }?.1 }
        return header("authorization") == nil && header("accept")?.contains("text/html") == true
    }

    /// Answers, then counts and logs the request (`RequestMonitoring`).
    func respond(to request: HTTPRequestMessage, on route: HTTPRoute) async -> HTTPResponseMessage {
        let started = ContinuousClock.now
        var (response, attribution) = await traced(request, on: route)
        if request.secure {
            response.headers.append(("Strict-Transport-Security", TLSSettings.strictTransportSecurity))
        }
        monitoring.record(
            RequestSummary(
                requestId: attribution.requestId, service: attribution.service, operation: attribution.operation,
                principal: attribution.principal, status: response.status,
                authenticationFailure: attribution.authenticationFailure, path: request.path,
                duration: ContinuousClock.now - started),
            route: route)
        return response
    }

    /// `answer` in the request's server span, named and described once the handler knows the operation.
    private func traced(_ request: HTTPRequestMessage, on route: HTTPRoute) async -> (
        HTTPResponseMessage, RequestAttribution
    ) {
        // Probes and scrapes come every few seconds and would bury the requests: no spans for them.
        guard tracer.isOn, ![.health, .ready, .metrics].contains(route) else { return await answer(request, on: route) }
        return await tracer.span(
            "\(request.method) \(route)", kind: .server, context: tracer.context(from: request.headers)
        ) { span in
            let (response, attribution) = await answer(request, on: route)
            if let span {
                ServerSpan.describe(span, request: request, route: route, attribution, status: response.status)
            }
            return (response, attribution)
        }
    }

    private func answer(_ request: HTTPRequestMessage, on route: HTTPRoute) async -> (
        HTTPResponseMessage, RequestAttribution
    ) {
        if route == .aws || route == .console { await aws.environment.store.settle() }
        switch route {
        case .aws:
            if Self.isBrowserVisit(request) {
                return (
                    HTTPResponseMessage(status: 302, headers: [("Location", "/console")], body: []), .http("browser")
                )
            }
            let signed = SigV4Request(
                method: request.method, path: request.path, query: request.query, headers: request.headers,
                body: request.body)
            let reply = await aws.handle(
                signed, sourceIp: proxies.clientAddress(peer: request.peer, headers: request.headers),
                secureTransport: request.secure)
            return (
                HTTPResponseMessage(
                    status: reply.status,
                    headers: [("Content-Type", reply.contentType), ("x-amzn-RequestId", reply.requestId)],
                    body: reply.body),
                reply.attribution
            )
        case .console:
            let requestId = AWSRequestID.make()
            let reply = await tracer.span(ConsoleSpan.name(method: request.method, path: request.path)) { span in
                ConsoleSpan.describe(span, method: request.method, path: request.path)
                return await console.handle(
                    ConsoleRequest(
                        method: request.method, path: request.path, query: request.query, headers: request.headers,
                        body: request.body,
                        sourceIp: proxies.clientAddress(peer: request.peer, headers: request.headers),
                        requestId: requestId))
            }
            return (
                HTTPResponseMessage(status: reply.status, headers: reply.headers, body: reply.body),
                RequestAttribution(requestId: requestId, service: "console", operation: request.method)
            )
        case .health:
            return (.text("ok\n", status: 200), .http("healthz"))
        case .ready:
            return (await monitoring.readiness(), .http("readyz"))
        case .metrics:
            return (await monitoring.metricsPage(), .http("metrics"))
        case .clock:
            return (setClock(request.body), .http("clock"))
        case .issuer:
            return (issuerDocument(request.path), .http("oidc"))
        }
    }

    /// An outbound issuer's discovery document or JWKS, for anyone: they hold public keys only.
    private func issuerDocument(_ path: String) -> HTTPResponseMessage {
        let environment = aws.environment
        guard
            let body = OutboundIssuer.document(
                path: path, origin: environment.outboundIssuerOrigin, in: environment.store.snapshot())
        else { return .text("Not Found\n", status: 404) }
        // Short caching: relying parties pick up a rotated key within minutes.
        return HTTPResponseMessage(
            status: 200, headers: [("Content-Type", "application/json"), ("Cache-Control", "max-age=300")], body: body)
    }

    private func setClock(_ body: [UInt8]) -> HTTPResponseMessage {
        struct Offset: Decodable { var offset_seconds: Double }
        guard let offset = try? JSONDecoder().decode(Offset.self, from: Data(body)) else {
            return .text("expected {\"offset_seconds\": number}\n", status: 400)
        }
        do {
            try clock.setOffset(offset.offset_seconds)
        } catch {
            let limit = Int(AdjustableClock.maximumOffset)
            return .text("offset_seconds must be finite and within \(limit) seconds\n", status: 400)
        }
        return HTTPResponseMessage(status: 200, headers: [], body: [])
    }
}
