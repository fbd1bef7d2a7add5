import NIOCore
import NIOHTTP1
import RampartCore

/// Answers a request NIO's HTTP decoder cannot parse (a control byte in a header, a broken request
/// line, a Content-Length that is not a number, a bad chunk size) with the AWS error envelope,
/// 400 `MalformedHttpRequestException` with `Connection: close`, then has the connection closed in
/// order (`HTTPConnectionEvent.closing`). It takes the place of NIO's `HTTPServerProtocolErrorHandler`,
/// whose bare 400 had no body for an SDK to read, and sits where that one did: behind NIO's
/// pipelining handler, which holds a parse error back until the answers before it are written.
///
/// A request that already has an answer (refused early, mid-body) gets no second one; the error
/// goes on to `HTTPConnectionHandler`, which closes the connection.
final class MalformedRequestHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private var exchange = Exchange.between
    /// A response head was written and its end not yet.
    private var responseOpen = false

    /// Where the connection's current exchange is, as far as an error answer is concerned.
    private enum Exchange {
        /// Between requests: what fails to parse is a request no one has answered.
        case between
        /// A request's head was passed on; `answered` once a final response head was written for it.
        case reading(answered: Bool)
        /// The request was read whole; its answer is on its way.
        case answering
        /// This handler answered a malformed request; the connection is closing.
        case refused
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: exchange = .reading(answered: false)
        case .body: break
        case .end:
            if case .reading(let answered) = exchange { exchange = answered && !responseOpen ? .between : .answering }
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head) where head.status.code < 200:  // 100 Continue: the answer is still to come
            break
        case .head:
            responseOpen = true
            if case .reading = exchange { exchange = .reading(answered: true) }
        case .body:
            break
        case .end:
            responseOpen = false
            if case .answering = exchange { exchange = .between }
        }
        context.write(data, promise: promise)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let parserError = error as? HTTPParserError
        if case .refused = exchange, parserError != nil || error is ByteToMessageDecoderError {
            // What the client sent after its malformed request: already answered, nothing to add.
            return
        }
        guard let parserError, !responseOpen, context.channel.isActive else {
            context.fireErrorCaught(error)
            return
        }
        switch exchange {
        case .between, .reading(answered: false):
            answer(parserError, context: context)
        case .reading(answered: true), .answering, .refused:
            context.fireErrorCaught(error)
        }
    }

    /// The 400 and the orderly close. The parse error is not passed on: `HTTPConnectionHandler` would
    /// close the connection at once and the client could lose the answer.
    private func answer(_ error: HTTPParserError, context: ChannelHandlerContext) {
        exchange = .refused
        let response = HTTPResponseMessage.awsError(
            .malformedHTTPRequest(error.reason), requestId: AWSRequestID.make())
        let head = response.head(version: .http1_1, date: HTTPResponseMessage.currentDate(), connection: "close")
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(
            wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: response.body)))),
            promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
            context.triggerUserOutboundEvent(HTTPConnectionEvent.closing(answer: nil), promise: nil)
        }
    }
}

@available(*, unavailable)
extension MalformedRequestHandler: Sendable {}
