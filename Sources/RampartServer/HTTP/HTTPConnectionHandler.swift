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
        case refusing(HTTPRequestHead, HTTPResponseMessage)
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
    /// The connection is TLS (`aws:SecureTransport`, HSTS).
    private let secure: Bool
    private var state = State.idle
    private var peer = "0.0.0.0"
    /// The client half-closed: answer what is in flight, then close.
    private var inputClosed = false
    private var dateSecond = -1
    private var dateText = ""

    init(responder: RampartResponder, secure: Bool = false) {
        self.responder = responder
        self.secure = secure
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
            let match = responder.routes.match(method: head.method.rawValue, path: path)
            let json = head.headers.contains(name: "x-amz-target")
            let length: DeclaredLength
            do throws(DeclaredLength.Malformed) {
                length = try DeclaredLength(head.headers)
            } catch {
                let error = AWSError.malformedHTTPRequest("the Content-Length is not one number")
                refuseEarly(responder.refusal(error, on: match.pathRoute, json: json), for: head, context: context)
                return
            }
            if head.method == .CONNECT {
                // NIO's decoder hands what follows a CONNECT head to an upgrade that is never
                // installed, so the connection cannot carry another request: answer and close. NIO's
                // encoder drops the body of any answer to CONNECT, so the answer goes out as bytes.
                state = .discarding(0)
                let answer = responder.refusal(.unknownOperation, on: nil, json: json)
                context.triggerUserOutboundEvent(
                    HTTPConnectionEvent.closing(answer: answer.closingBytes(allocator: context.channel.allocator)),
                    promise: nil)
                return
            }
            let expectsContinue = head.headers[canonicalForm: "expect"].contains { $0.lowercased() == "100-continue" }
            switch match {
            case .route(let route):
                if length.exceeds(route.bodyLimit) {
                    refuseEarly(
                        responder.refusal(.requestEntityTooLarge, on: route, json: json), for: head, context: context)
                    return
                }
                state = .reading(Routed(head: head, route: route, path: path, query: query), nil)
                if expectsContinue && head.version.minor >= 1 {
                    context.writeAndFlush(
                        wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .continue))),
                        promise: nil)
                }
            case .notFound, .methodNotAllowed:
                let error: AWSError = match == .notFound ? .unknownOperation : .methodNotAllowed
                let refusal = responder.refusal(error, on: match.pathRoute, json: json)
                if expectsContinue {
                    // The client waits for a word before sending the body: give the final one.
                    refuseEarly(refusal, for: head, context: context)
                } else {
                    state = .refusing(head, refusal)
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
                let refusal = responder.refusal(
                    .requestEntityTooLarge, on: routed.route, json: routed.head.headers.contains(name: "x-amz-target"))
                refuseEarly(refusal, for: routed.head, context: context)
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
            case .refusing(let head, let refusal):
                context.triggerUserOutboundEvent(HTTPConnectionEvent.requestRead, promise: nil)
                state = .idle
                write(refusal, for: head, context: context)
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
        // Malformed HTTP that could still be answered was, by `MalformedRequestHandler`, which does not
        // pass it on; what arrives here ends the connection.
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
            body: body.map { Array($0.readableBytesView) } ?? [], peer: peer, secure: secure)
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
        // An HTTP/2 stream (one request, its head translated to HTTP/1's) ends with its answer and
        // takes no Connection header; the connection goes on.
        let http2 = head.version.major >= 2
        let closing = refused || inputClosed || (!http2 && !head.isKeepAlive)
        let connection = http2 ? nil : closing ? "close" : head.version.minor == 0 ? "keep-alive" : nil
        context.write(
            wrapOutboundOut(.head(response.head(version: head.version, date: currentDate(), connection: connection))),
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
