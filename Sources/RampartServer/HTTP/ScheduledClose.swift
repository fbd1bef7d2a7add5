import NIOCore

/// A close of the connection (or HTTP/2 stream) a handler is on, due at a deadline unless
/// cancelled first: what the TLS handshake and HTTP/2 stream deadlines share.
struct ScheduledClose {
    private var task: Scheduled<Void>?

    mutating func arm(in timeout: TimeAmount, context: ChannelHandlerContext) {
        task?.cancel()
        task = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
            context.close(promise: nil)
        }
    }

    mutating func cancel() {
        task?.cancel()
        task = nil
    }
}
