import NIOCore
import RampartCore

/// Closes a connection that makes no progress: idle between requests longer than the idle
/// timeout, or sending a request (head or body) for longer than the request timeout counted from
/// its first byte. It sits first in the pipeline, on raw bytes, so it sees a request's first byte
/// before the HTTP decoder has a head to report (slowloris headers never complete one); the
/// connection handler reports the rest of the cycle with `HTTPConnectionEvent`s. The server's
/// own work on a request is not timed here.
///
/// A request that runs out of time is answered 408 `RequestTimeout` before the close, unless
/// something was already written on it (an early refusal, a `100 Continue`); an idle connection
/// just closes. The answer is written here, as bytes: the HTTP codec behind may hold a half-parsed
/// head that no response can follow through it.
final class ConnectionDeadlineHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private enum Phase {
        /// Waiting for a request's first byte.
        case idle
        /// Reading a request; `answered` once anything was written since its first byte.
        case receiving(answered: Bool)
        /// The request is read; the server answers it.
        case answering
        /// The last answer is out and the write side closed: what arrives is dropped.
        case closing
    }

    /// How long a connection stays after its last answer, write side closed, for the client to read the
    /// answer and close first: closing at once with its bytes unread makes the kernel reset the
    /// connection, and the client may lose the answer.
    static let linger = TimeAmount.seconds(2)

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
        switch phase {
        case .idle: enter(.receiving(answered: false), context: context)
        case .closing: return
        case .receiving, .answering: break
        }
        context.fireChannelRead(data)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        // Closing, the client's half-close means it has read what it wanted: nothing is left to wait for.
        // Passed on, it would have the HTTP decoder report the request it cut short as malformed.
        if case .closing = phase, case ChannelEvent.inputClosed = event {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .receiving(answered: false) = phase, unwrapOutboundIn(data).readableBytes > 0 {
            phase = .receiving(answered: true)
        }
        context.write(data, promise: promise)
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        guard let event = event as? HTTPConnectionEvent else {
            context.triggerUserOutboundEvent(event, promise: promise)
            return
        }
        switch event {
        case .requestBegan:
            if case .receiving = phase {} else { enter(.receiving(answered: false), context: context) }
        case .requestRead:
            enter(.answering, context: context)
        case .responseSent:
            enter(.idle, context: context)
        case .closing(let answer):
            if context.channel.isActive { close(after: answer, context: context) }
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
        case .closing: timeout = Self.linger
        }
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
            expire(context: context)
        }
    }

    private func expire(context: ChannelHandlerContext) {
        guard case .receiving(answered: false) = phase else {
            context.close(promise: nil)
            return
        }
        let answer = HTTPResponseMessage.awsError(.requestTimeout, requestId: AWSRequestID.make())
        close(after: answer.closingBytes(allocator: context.channel.allocator), context: context)
    }

    /// Writes `answer` (when there is one), closes the write side once it is flushed, and lingers.
    private func close(after answer: ByteBuffer?, context: ChannelHandlerContext) {
        enter(.closing, context: context)
        guard let answer else {
            context.close(mode: .output, promise: nil)
            return
        }
        context.writeAndFlush(wrapOutboundOut(answer)).assumeIsolated().whenComplete { _ in
            context.close(mode: .output, promise: nil)
        }
    }
}

@available(*, unavailable)
extension ConnectionDeadlineHandler: Sendable {}
