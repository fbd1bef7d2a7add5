import NIOCore

/// Closes a connection that makes no progress: idle between requests longer than the idle
/// timeout, or sending a request (head or body) for longer than the request timeout counted from
/// its first byte. It sits first in the pipeline, on raw bytes, so it sees a request's first byte
/// before the HTTP decoder has a head to report (slowloris headers never complete one); the
/// connection handler reports the rest of the cycle with `HTTPConnectionEvent`s. The server's
/// own work on a request is not timed here.
final class ConnectionDeadlineHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private enum Phase {
        /// Waiting for a request's first byte.
        case idle
        /// Reading a request.
        case receiving
        /// The request is read; the server answers it.
        case answering
    }

    private let idleTimeout: TimeAmount
    private let requestTimeout: TimeAmount
    private var phase = Phase.idle
    private var deadline: Scheduled<Void>?

    init(limits: ConnectionLimits) {
        idleTimeout = TimeAmount(limits.idleTimeout)
        requestTimeout = TimeAmount(limits.requestTimeout)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { enter(.idle, context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        enter(.idle, context: context)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .idle = phase { enter(.receiving, context: context) }
        context.fireChannelRead(data)
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        guard let event = event as? HTTPConnectionEvent else {
            context.triggerUserOutboundEvent(event, promise: promise)
            return
        }
        switch event {
        case .requestBegan:
            if case .receiving = phase {} else { enter(.receiving, context: context) }
        case .requestRead:
            enter(.answering, context: context)
        case .responseSent:
            enter(.idle, context: context)
        }
        promise?.succeed()
    }

    private func enter(_ next: Phase, context: ChannelHandlerContext) {
        phase = next
        deadline?.cancel()
        deadline = nil
        let timeout: TimeAmount
        switch next {
        case .idle: timeout = idleTimeout
        case .receiving: timeout = requestTimeout
        case .answering: return
        }
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
            context.close(promise: nil)
        }
    }
}

@available(*, unavailable)
extension ConnectionDeadlineHandler: Sendable {}
