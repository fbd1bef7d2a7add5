import NIOCore
import NIOHTTP2

/// Bounds a graceful shutdown of an HTTP/2 connection. NIO's connection manager answers the
/// server's quiesce with GOAWAY and a PING, and closes once the client has acknowledged the ping
/// and its open streams have ended; a client that does not read (an idle synchronous client)
/// never acknowledges, and the shutdown would wait for it forever. This closes a quiescing
/// connection `idleGrace` after its last stream ended (at once a ping's round trip for any live
/// client), and any quiescing connection after `hardLimit` whatever its streams are doing.
final class HTTP2ShutdownHandler: ChannelInboundHandler {
    typealias InboundIn = Any

    static let idleGrace = TimeAmount.seconds(2)

    private let hardLimit: TimeAmount
    private var openStreams = 0
    private var quiescing = false
    private var deadline = ScheduledClose()
    private var context: ChannelHandlerContext?

    init(hardLimit: TimeAmount) {
        self.hardLimit = hardLimit
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline.cancel()
        self.context = nil
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent, !quiescing {
            quiescing = true
            deadline.arm(in: openStreams == 0 ? Self.idleGrace : hardLimit, context: context)
        }
        context.fireUserInboundEventTriggered(event)
    }

    fileprivate func streamOpened() {
        openStreams += 1
    }

    fileprivate func streamClosed() {
        openStreams = max(0, openStreams - 1)
        if quiescing, openStreams == 0, let context { deadline.arm(in: Self.idleGrace, context: context) }
    }

    /// The stream delegate to give `NIOHTTP2Handler`: counts streams here and passes each event on to
    /// NIO's connection manager, which takes its stream events from a delegate only.
    func delegate(
        passingTo next: NIOHTTP2ServerConnectionManagementHandler.HTTP2StreamDelegate, on loop: any EventLoop
    ) -> some NIOHTTP2StreamDelegate {
        CountingDelegate(handler: NIOLoopBound(self, eventLoop: loop), next: next)
    }
}

private struct CountingDelegate: NIOHTTP2StreamDelegate {
    let handler: NIOLoopBound<HTTP2ShutdownHandler>
    let next: NIOHTTP2ServerConnectionManagementHandler.HTTP2StreamDelegate

    func streamCreated(_ id: HTTP2StreamID, channel: any Channel) {
        next.streamCreated(id, channel: channel)
        handler.value.streamOpened()
    }

    func streamClosed(_ id: HTTP2StreamID, channel: any Channel) {
        next.streamClosed(id, channel: channel)
        handler.value.streamClosed()
    }
}

@available(*, unavailable)
extension HTTP2ShutdownHandler: Sendable {}
