import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// How each accepted connection is set up, plugged into Hummingbird's server (which binds, accepts,
/// and quiesces connections on graceful shutdown): NIO's HTTP/1.1 codec, its pipelining and
/// protocol-error handlers (a malformed request gets 400 and the connection closes), then
/// `HTTPConnectionHandler`.
struct RampartChildChannel: ServerChildChannel {
    struct Value: ServerChildChannelValue {
        let channel: any Channel
    }

    let responder: RampartResponder

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.configureHTTPServerPipeline(
                withPipeliningAssistance: true, withErrorHandling: true)
            try channel.pipeline.syncOperations.addHandler(HTTPConnectionHandler(responder: responder))
            return Value(channel: channel)
        }
    }

    /// The connection's life is in its handlers; the server's task for it waits for the close, so a
    /// graceful shutdown waits for connections to finish the request they are on.
    func handle(value: Value, logger: Logger) async {
        try? await value.channel.closeFuture.get()
    }
}
