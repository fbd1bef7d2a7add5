import NIOCore
import NIOTLS

/// Closes a connection whose TLS handshake has not finished within the request timeout, so a
/// client that connects and stalls holds no place under the connection cap. It sits behind the
/// TLS handler, which reports the handshake's end, and leaves then: from there the HTTP layer's own deadlines
/// apply (`ConnectionDeadlineHandler`, or `HTTP2StreamDeadlineHandler` and NIO's HTTP/2 connection manager).
final class TLSHandshakeDeadlineHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = Any

    private let timeout: TimeAmount
    private var deadline = ScheduledClose()

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        deadline.arm(in: timeout, context: context)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline.cancel()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case TLSUserEvent.handshakeCompleted = event {
            deadline.cancel()
            context.fireUserInboundEventTriggered(event)
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }
}

@available(*, unavailable)
extension TLSHandshakeDeadlineHandler: Sendable {}
