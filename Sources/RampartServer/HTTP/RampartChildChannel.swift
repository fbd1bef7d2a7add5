import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// How each accepted connection is set up, plugged into Hummingbird's server (which binds, accepts,
/// and quiesces connections on graceful shutdown): a place under the connection cap (or an
/// immediate close, counted and logged), `ConnectionDeadlineHandler` on the raw bytes, NIO's
/// HTTP/1.1 codec and pipelining handler, `MalformedRequestHandler` in place of NIO's protocol-error
/// handler (a malformed request gets an AWS-shaped 400 and the connection closes), then
/// `HTTPConnectionHandler`.
struct RampartChildChannel: ServerChildChannel {
    struct Value: ServerChildChannelValue {
        let channel: any Channel
    }

    let responder: RampartResponder
    let limits: ConnectionLimits
    let connections: ConnectionCount
    let shedLog: ShedConnectionLog

    init(responder: RampartResponder, limits: ConnectionLimits, connections: ConnectionCount, logger: Logger) {
        self.responder = responder
        self.limits = limits
        self.connections = connections
        self.shedLog = ShedConnectionLog(connections: connections, logger: logger)
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        guard connections.admit() else {
            // Over the cap: shed this one at once; the connections already open keep going.
            shedLog.record(on: channel.eventLoop)
            channel.close(promise: nil)
            return channel.eventLoop.makeSucceededFuture(Value(channel: channel))
        }
        let connections = connections
        channel.closeFuture.whenComplete { _ in connections.release() }
        return channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(ConnectionDeadlineHandler(limits: limits))
            try channel.pipeline.syncOperations.configureHTTPServerPipeline(
                withPipeliningAssistance: true, withErrorHandling: false)
            try channel.pipeline.syncOperations.addHandlers(
                MalformedRequestHandler(), HTTPConnectionHandler(responder: responder))
            return Value(channel: channel)
        }
    }

    /// The connection's life is in its handlers; the server's task for it waits for the close, so a
    /// graceful shutdown waits for connections to finish the request they are on.
    func handle(value: Value, logger: Logger) async {
        try? await value.channel.closeFuture.get()
    }
}
