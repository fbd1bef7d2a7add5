import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import RampartServices

/// EventBridge's HTTP client: one HTTP/1.1 request per connection (`Connection: close`), over TLS
/// for `https` with the system's trust roots, on NIO (URLSession would pull libcurl into the
/// server). A request that gets no complete response within `timeout` counts as no response.
struct NIOEventSender: EventSender {
    let group: any EventLoopGroup
    let timeout: TimeAmount
    let tls: NIOSSLContext?

    init(group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, timeout: TimeAmount = .seconds(10)) {
        self.group = group
        self.timeout = timeout
        self.tls = try? NIOSSLContext(configuration: .makeClientConfiguration())
    }

    func send(_ request: OutgoingRequest) async -> OutgoingResponse? {
        guard let url = URL(string: request.url), let scheme = url.scheme?.lowercased(), let host = url.host,
            scheme == "http" || scheme == "https"
        else { return nil }
        let secure = scheme == "https"
        if secure && tls == nil { return nil }
        let port = url.port ?? (secure ? 443 : 80)
        let bareHost = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        let loop = group.next()
        let promise = loop.makePromise(of: OutgoingResponse.self)
        let tls = tls
        let bootstrap = ClientBootstrap(group: loop).connectTimeout(timeout).channelInitializer { channel in
            channel.eventLoop.makeCompletedFuture {
                if secure, let tls {
                    let isAddress = bareHost.contains(":") || bareHost.allSatisfy { $0.isNumber || $0 == "." }
                    try channel.pipeline.syncOperations.addHandler(
                        NIOSSLClientHandler(context: tls, serverHostname: isAddress ? nil : bareHost))
                }
                try channel.pipeline.syncOperations.addHTTPClientHandlers()
                try channel.pipeline.syncOperations.addHandler(ResponseCollector(promise: promise))
            }
        }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: bareHost, port: port).get()
        } catch {
            promise.fail(error)
            return nil
        }
        var path = url.path.isEmpty ? "/" : url.path
        if let query = url.query { path += "?" + query }
        var head = HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: request.method), uri: path)
        head.headers.add(name: "Host", value: url.port.map { "\(host):\($0)" } ?? host)
        for (name, value) in request.headers.sorted(by: { $0.key < $1.key }) {
            head.headers.add(name: name, value: value)
        }
        head.headers.replaceOrAdd(name: "Content-Length", value: "\(request.body.count)")
        head.headers.replaceOrAdd(name: "Connection", value: "close")
        let body = channel.allocator.buffer(bytes: request.body)
        let timer = loop.scheduleTask(in: timeout) { channel.close(promise: nil) }
        channel.write(HTTPClientRequestPart.head(head), promise: nil)
        channel.write(HTTPClientRequestPart.body(.byteBuffer(body)), promise: nil)
        channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        let response = try? await promise.futureResult.get()
        timer.cancel()
        try? await channel.close()
        return response
    }
}

/// Gathers one response; completes the promise exactly once: at the response's end, or with a
/// failure when the connection closes or errs before it.
private final class ResponseCollector: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart

    struct Incomplete: Error {}

    let promise: EventLoopPromise<OutgoingResponse>
    var status = 0
    var body: [UInt8] = []
    var done = false
    /// A receiver's answer is read up to this size; the rest is not needed.
    static let bodyLimit = 64 * 1024

    init(promise: EventLoopPromise<OutgoingResponse>) {
        self.promise = promise
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): status = Int(head.status.code)
        case .body(var buffer):
            if body.count < Self.bodyLimit,
                let bytes = buffer.readBytes(length: min(buffer.readableBytes, Self.bodyLimit - body.count))
            {
                body += bytes
            }
        case .end:
            finish(.success(OutgoingResponse(status: status, body: body)))
            context.close(promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        finish(.failure(error))
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(.failure(Incomplete()))
        context.fireChannelInactive()
    }

    private func finish(_ result: Result<OutgoingResponse, any Error>) {
        guard !done else { return }
        done = true
        promise.completeWith(result)
    }
}
