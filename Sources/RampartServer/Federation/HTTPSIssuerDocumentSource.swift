import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import RampartServices

/// Fetches identity providers' discovery documents and key sets: `GET` over HTTPS with the system's
/// trust roots and the configured CA, the certificate checked against the host (or the IP address),
/// a deadline for the whole exchange, no redirects, and the body cut off at a bound.
struct HTTPSIssuerDocumentSource: IssuerDocumentSource {
    static let timeout = TimeAmount.seconds(5)

    let group: any EventLoopGroup
    let context: NIOSSLContext
    let allowLoopbackHTTP: Bool

    init(settings: FederationSettings, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) throws {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        if let caFile = settings.caFile {
            configuration.additionalTrustRoots = [.certificates(try NIOSSLCertificate.fromPEMFile(caFile))]
        }
        self.context = try NIOSSLContext(configuration: configuration)
        self.group = group
        self.allowLoopbackHTTP = settings.allowLoopbackHTTP
    }

    func fetch(_ url: String, maximumBytes: Int) async throws(IssuerFetchError) -> [UInt8] {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else { throw IssuerFetchError("\(url) is not a URL") }
        let secure = scheme == "https"
        guard secure || (scheme == "http" && allowLoopbackHTTP && Self.isLoopback(host)) else {
            throw IssuerFetchError("\(url) is not an https URL")
        }
        let port = components.port ?? (secure ? 443 : 80)
        var target = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        if let query = components.percentEncodedQuery { target += "?" + query }
        let hostHeader = components.port.map { "\(host):\($0)" } ?? host
        do {
            return try await get(
                host: host, port: port, secure: secure, target: target, hostHeader: hostHeader,
                maximumBytes: maximumBytes)
        } catch let error as IssuerFetchError {
            throw error
        } catch {
            throw IssuerFetchError("\(url): \(error)")
        }
    }

    private func get(
        host: String, port: Int, secure: Bool, target: String, hostHeader: String, maximumBytes: Int
    ) async throws -> [UInt8] {
        let context = context
        let isAddress = Self.isIPAddress(host)
        let loop = group.next()
        let done = loop.makePromise(of: [UInt8].self)
        let channel = try await ClientBootstrap(group: loop)
            .connectTimeout(Self.timeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if secure {
                        // An IP address is no SNI name; NIOSSL then checks the certificate's IP entries
                        // against the address it connected to.
                        let tls = try NIOSSLClientHandler(context: context, serverHostname: isAddress ? nil : host)
                        try channel.pipeline.syncOperations.addHandler(tls)
                    }
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(
                        BodyCollector(promise: done, maximumBytes: maximumBytes))
                }
            }
            .connect(host: host, port: port).get()
        let deadline = loop.scheduleTask(in: Self.timeout) {
            done.fail(IssuerFetchError("no answer within \(Self.timeout.nanoseconds / 1_000_000_000) seconds"))
            channel.close(promise: nil)
        }
        var head = HTTPRequestHead(version: .http1_1, method: .GET, uri: target)
        head.headers.add(name: "Host", value: hostHeader)
        head.headers.add(name: "Accept", value: "application/json")
        head.headers.add(name: "Connection", value: "close")
        head.headers.add(name: "User-Agent", value: "rampart-sts")
        channel.write(HTTPClientRequestPart.head(head), promise: nil)
        channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        defer {
            deadline.cancel()
            channel.close(promise: nil)
        }
        return try await done.futureResult.get()
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host.hasPrefix("127.") || host == "::1" || host == "[::1]"
    }

    static func isIPAddress(_ host: String) -> Bool {
        (try? SocketAddress(ipAddress: host.trimmingCharacters(in: ["[", "]"]), port: 0)) != nil
    }
}

/// Gathers one response: its status must be 200, its body at most `maximumBytes`.
private final class BodyCollector: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart

    let promise: EventLoopPromise<[UInt8]>
    let maximumBytes: Int
    var body: [UInt8] = []
    var status: HTTPResponseStatus?

    init(promise: EventLoopPromise<[UInt8]>, maximumBytes: Int) {
        self.promise = promise
        self.maximumBytes = maximumBytes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            status = head.status
            guard head.status == .ok else {
                promise.fail(IssuerFetchError("the provider answered HTTP \(head.status.code)"))
                context.close(promise: nil)
                return
            }
        case .body(var buffer):
            guard body.count + buffer.readableBytes <= maximumBytes else {
                promise.fail(IssuerFetchError("the provider's document is larger than \(maximumBytes) bytes"))
                context.close(promise: nil)
                return
            }
            body += buffer.readBytes(length: buffer.readableBytes) ?? []
        case .end:
            promise.succeed(body)
            context.close(promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise.fail(IssuerFetchError("\(error)"))
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.fail(IssuerFetchError("the provider closed the connection"))
    }
}
