import NIOCore
import NIOHTTP1

/// The request timeout of one HTTP/2 stream: the request must arrive whole within it, counted
/// from the stream's first frame, or the stream is reset (the connection and its other streams go
/// on). It reads the request cycle from the `HTTPConnectionEvent`s that `HTTPConnectionHandler`
/// sends, which on HTTP/1.1 `ConnectionDeadlineHandler` reads, and keeps them from the stream
/// channel, which has no use for them.
final class HTTP2StreamDeadlineHandler: ChannelOutboundHandler {
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let timeout: TimeAmount
    private var deadline = ScheduledClose()

    init(limits: ConnectionLimits) {
        timeout = TimeAmount(limits.requestTimeout)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        deadline.arm(in: timeout, context: context)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline.cancel()
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        guard let event = event as? HTTPConnectionEvent else {
            context.triggerUserOutboundEvent(event, promise: promise)
            return
        }
        switch event {
        case .requestBegan, .responseSent:
            break
        case .requestRead:
            deadline.cancel()
        case .closing:
            // A request that cannot be answered through the HTTP/2 codec (CONNECT): reset the stream.
            context.close(promise: nil)
        }
        promise?.succeed()
    }
}

@available(*, unavailable)
extension HTTP2StreamDeadlineHandler: Sendable {}
