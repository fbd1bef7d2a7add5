import Foundation
import NIOCore
import NIOHTTP1
import RampartCore

/// One HTTP/1.1 connection: reads a request whole, hands it to the responder, writes the answer.
/// NIO's `HTTPServerPipelineHandler` (ahead of this one) holds pipelined requests back until the
/// previous response has ended, so this handler sees one request at a time.
///
/// Written on NIO's channel handlers rather than Hummingbird's async channel and router: measured
/// on GetUser at 32 connections, the async channel's writer path alone was a fifth of the
/// server's CPU, and routing plus per-request logger metadata another twentieth, for five routes.
final class HTTPConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// A request whose head has been routed; its URI is split once, here.
    private struct Routed {
        var head: HTTPRequestHead
        var route: HTTPRoute
        var path: String
        var query: String
    }

    private enum State {
        case idle
        /// Reading a routed request's body (nil until its first byte).
        case reading(Routed, ByteBuffer?)
        /// A request for no route (404) or a method the route lacks (405), answered at its end.
        case refusing(HTTPRequestHead, status: Int)
        /// The responder has the request.
        case responding
        /// Answered early (body too large); the connection is closing and the rest is ignored.
        case closing
    }

    private let responder: RampartResponder
    private var state = State.idle
    private var peer = "0.0.0.0"
    /// The client half-closed: answer what is in flight, then close.
    private var inputClosed = false
    private var dateSecond = -1
    private var dateText = ""

    init(responder: RampartResponder) {
        self.responder = responder
    }

    /// An accepted socket is connected before its handlers are added, so its peer is known here.
    func handlerAdded(context: ChannelHandlerContext) {
        if let address = context.channel.remoteAddress?.ipAddress { peer = address }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            let (path, query) = Self.split(head.uri)
            switch HTTPRoute.match(method: head.method.rawValue, path: path, clockControl: responder.clockControl) {
            case .route(let route):
                if let declared = head.headers.first(name: "content-length").flatMap({ Int($0) }),
                    declared > route.bodyLimit
                {
                    refuseTooLarge(head, context: context)
                } else {
                    state = .reading(Routed(head: head, route: route, path: path, query: query), nil)
                }
            case .notFound:
                state = .refusing(head, status: 404)
            case .methodNotAllowed:
                state = .refusing(head, status: 405)
            }
        case .body(var chunk):
            guard case .reading(let routed, let body) = state else { return }
            guard (body?.readableBytes ?? 0) + chunk.readableBytes <= routed.route.bodyLimit else {
                refuseTooLarge(routed.head, context: context)
                return
            }
            guard var body else {
                state = .reading(routed, chunk)
                return
            }
            state = .responding  // drops the state's reference so the append does not copy
            body.writeBuffer(&chunk)
            state = .reading(routed, body)
        case .end:
            switch state {
            case .reading(let routed, let body):
                dispatch(routed, body: body, context: context)
            case .refusing(let head, let status):
                let text = status == 404 ? "Not Found\n" : "Method Not Allowed\n"
                state = .idle
                write(.text(text, status: status), for: head, context: context)
            case .idle, .responding, .closing:
                break
            }
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event {
            inputClosed = true
            if case .idle = state { context.close(promise: nil) }
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // Malformed HTTP was answered with 400 by NIO's error handler; anything else ends the connection.
        context.close(promise: nil)
    }

    private func dispatch(_ routed: Routed, body: ByteBuffer?, context: ChannelHandlerContext) {
        state = .responding
        let head = routed.head
        let route = routed.route
        var headers = [(String, String)]()
        headers.reserveCapacity(head.headers.count)
        for (name, value) in head.headers { headers.append((name, value)) }
        let request = HTTPRequestMessage(
            method: head.method.rawValue, path: routed.path, query: routed.query, headers: headers,
            body: body.map { Array($0.readableBytesView) } ?? [], peer: peer)
        let responder = responder
        let loop = context.eventLoop
        let bound = NIOLoopBound((self, context), eventLoop: loop)
        // With the event loops as the global executor this task starts on this loop, so the
        // answer is usually written without a hop; work that resumed elsewhere hops back.
        Task {
            let response = await responder.respond(to: request, on: route)
            if loop.inEventLoop {
                let (handler, context) = bound.value
                handler.finish(response, for: head, context: context)
            } else {
                loop.execute {
                    let (handler, context) = bound.value
                    handler.finish(response, for: head, context: context)
                }
            }
        }
    }

    private func finish(_ response: HTTPResponseMessage, for head: HTTPRequestHead, context: ChannelHandlerContext) {
        guard case .responding = state else { return }
        state = .idle
        write(response, for: head, context: context)
    }

    private func refuseTooLarge(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        state = .closing
        write(.text("Request body too large\n", status: 413), for: head, context: context, close: true)
    }

    private func write(
        _ response: HTTPResponseMessage, for head: HTTPRequestHead, context: ChannelHandlerContext, close: Bool = false
    ) {
        let closing = close || inputClosed || !head.isKeepAlive
        var headers = HTTPHeaders()
        headers.reserveCapacity(response.headers.count + 3)
        for (name, value) in response.headers { headers.add(name: name, value: value) }
        headers.add(name: "Content-Length", value: String(response.body.count))
        headers.add(name: "Date", value: currentDate())
        if closing {
            headers.add(name: "Connection", value: "close")
        } else if head.version.minor == 0 {
            headers.add(name: "Connection", value: "keep-alive")
        }
        let status = HTTPResponseStatus(statusCode: response.status)
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))),
            promise: nil)
        if !response.body.isEmpty && head.method != .HEAD {
            let buffer = context.channel.allocator.buffer(bytes: response.body)
            context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        }
        if closing {
            context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
                context.close(promise: nil)
            }
        } else {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }

    /// The Date header, formatted once a second per connection.
    private func currentDate() -> String {
        let now = time(nil)
        if now != dateSecond {
            dateSecond = now
            dateText = Timestamp.httpDate(epochSeconds: now)
        }
        return dateText
    }

    /// `/path?query` into its two parts, neither decoded.
    static func split(_ uri: String) -> (path: String, query: String) {
        guard let mark = uri.utf8.firstIndex(of: UInt8(ascii: "?")) else { return (uri, "") }
        return (String(uri[..<mark]), String(uri[uri.index(after: mark)...]))
    }
}

@available(*, unavailable)
extension HTTPConnectionHandler: Sendable {}
