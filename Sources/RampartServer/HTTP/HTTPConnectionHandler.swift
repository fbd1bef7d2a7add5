import Foundation
import NIOCore
import NIOHTTP1
import RampartCore

/// One HTTP/1.1 connection: reads a request whole, hands it to the responder, writes the answer.
/// NIO's `HTTPServerPipelineHandler` (ahead of this one) holds pipelined requests back until the
/// previous response has ended, so this handler sees one request at a time. It judges a request
/// at its head (route, method, declared length, `Expect: 100-continue`), so a refusal needs no
/// body, and tells `ConnectionDeadlineHandler` where the request cycle is.
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
        /// Answered before the request was read (refused at its head or mid-body): the answer is
        /// flushed and the write side closed; the rest of the request is read and dropped, up to
        /// `discardLimit` bytes, so that the client reads the answer instead of a reset.
        case discarding(Int)
    }

    /// How much of a refused request is read and dropped before the connection is cut.
    static let discardLimit = 1 << 24

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
            // After a refusal the write side is closed; NIO drops later requests, and so does this.
            if case .discarding = state { return }
            context.triggerUserOutboundEvent(HTTPConnectionEvent.requestBegan, promise: nil)
            let (path, query) = Self.split(head.uri)
            let match = HTTPRoute.match(method: head.method.rawValue, path: path, clockControl: responder.clockControl)
            let length: DeclaredLength
            do throws(DeclaredLength.Malformed) {
                length = try DeclaredLength(head.headers)
            } catch {
                refuseEarly(.text("Malformed Content-Length\n", status: 400), for: head, context: context)
                return
            }
            if head.method == .CONNECT {
                // NIO's decoder hands what follows a CONNECT head to an upgrade that is never
                // installed, so the connection cannot carry another request: answer and close.
                refuseEarly(.text("Not Found\n", status: 404), for: head, context: context)
                return
            }
            let expectsContinue = head.headers[canonicalForm: "expect"].contains { $0.lowercased() == "100-continue" }
            switch match {
            case .route(let route):
                if length.exceeds(route.bodyLimit) {
                    refuseEarly(responder.tooLarge(on: route), for: head, context: context)
                    return
                }
                state = .reading(Routed(head: head, route: route, path: path, query: query), nil)
                if expectsContinue && head.version.minor >= 1 {
                    context.writeAndFlush(
                        wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .continue))),
                        promise: nil)
                }
            case .notFound, .methodNotAllowed:
                let status = match == .notFound ? 404 : 405
                if expectsContinue {
                    // The client waits for a word before sending the body: give the final one.
                    refuseEarly(Self.refusal(status: status), for: head, context: context)
                } else {
                    state = .refusing(head, status: status)
                }
            }
        case .body(var chunk):
            if case .discarding(let dropped) = state {
                let total = dropped + chunk.readableBytes
                if total > Self.discardLimit { context.close(promise: nil) }
                state = .discarding(total)
                return
            }
            guard case .reading(let routed, let body) = state else { return }
            guard (body?.readableBytes ?? 0) + chunk.readableBytes <= routed.route.bodyLimit else {
                refuseEarly(responder.tooLarge(on: routed.route), for: routed.head, context: context)
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
                context.triggerUserOutboundEvent(HTTPConnectionEvent.requestRead, promise: nil)
                dispatch(routed, body: body, context: context)
            case .refusing(let head, let status):
                context.triggerUserOutboundEvent(HTTPConnectionEvent.requestRead, promise: nil)
                state = .idle
                write(Self.refusal(status: status), for: head, context: context)
            case .idle, .responding, .discarding:
                // A refused request's end: the client closes next, or the request deadline does.
                break
            }
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event {
            inputClosed = true
            switch state {
            case .idle, .discarding: context.close(promise: nil)
            case .reading, .refusing, .responding: break
            }
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

    private static func refusal(status: Int) -> HTTPResponseMessage {
        .text(status == 404 ? "Not Found\n" : "Method Not Allowed\n", status: status)
    }

    /// Answers a request that will not be read whole, then closes the write side once the answer
    /// is flushed and drops what the client still sends: closing both sides with the body unread
    /// would make the kernel reset the connection, and the client would lose the answer.
    private func refuseEarly(_ response: HTTPResponseMessage, for head: HTTPRequestHead, context: ChannelHandlerContext)
    {
        state = .discarding(0)
        write(response, for: head, context: context, ending: .refused)
    }

    /// How a connection goes on after an answer.
    private enum Ending {
        /// Keep-alive unless the request or the client's half-close says otherwise.
        case asRequested
        /// The request was not read whole: close the write side, keep reading.
        case refused
    }

    private func write(
        _ response: HTTPResponseMessage, for head: HTTPRequestHead, context: ChannelHandlerContext,
        ending: Ending = .asRequested
    ) {
        let refused = ending == .refused
        let closing = refused || inputClosed || !head.isKeepAlive
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
        if refused {
            context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
                context.close(mode: .output, promise: nil)
            }
        } else if closing {
            context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
                context.close(promise: nil)
            }
        } else {
            // Before the end is written: NIO's pipelining handler may hand over the next request
            // from within that write, and its head must come after this.
            context.triggerUserOutboundEvent(HTTPConnectionEvent.responseSent, promise: nil)
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
