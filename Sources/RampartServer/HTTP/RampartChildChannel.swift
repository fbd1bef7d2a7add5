import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// How each accepted connection is set up, plugged into Hummingbird's server (which binds, accepts,
/// and quiesces connections on graceful shutdown): a place under the connection cap (or an
/// immediate close, counted and logged), `ConnectionDeadlineHandler` on the raw bytes, NIO's
/// HTTP/1.1 codec and pipelining handler, `MalformedRequestHandler` in place of NIO's protocol-error
/// handler (a malformed request gets an AWS-shaped 400 and the connection closes), then
/// `HTTPConnectionHandler`. With TLS, the TLS handler comes first and ALPN picks HTTP/2 or
/// HTTP/1.1 (`RampartChildChannel+TLS.swift`).
struct RampartChildChannel: ServerChildChannel {
    struct Value: ServerChildChannelValue {
        let channel: any Channel
    }

    let responder: RampartResponder
    let limits: ConnectionLimits
    let connections: ConnectionCount
    let shedLog: ShedConnectionLog
    /// The certificate new connections are served with; nil for plain HTTP.
    let tls: TLSCertificateReloader?

    init(
        responder: RampartResponder, limits: ConnectionLimits, connections: ConnectionCount,
        tls: TLSCertificateReloader? = nil, logger: Logger
    ) {
        self.responder = responder
        self.limits = limits
        self.connections = connections
        self.tls = tls
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
            if let tls {
                try configureTLS(channel, context: tls.current)
            } else {
                try configureHTTP1(channel.pipeline.syncOperations, secure: false)
            }
            return Value(channel: channel)
        }
    }

    func configureHTTP1(_ pipeline: ChannelPipeline.SynchronousOperations, secure: Bool) throws {
        try pipeline.addHandler(ConnectionDeadlineHandler(limits: limits))
        try pipeline.configureHTTPServerPipeline(withPipeliningAssistance: true, withErrorHandling: false)
        try pipeline.addHandlers(MalformedRequestHandler(), HTTPConnectionHandler(responder: responder, secure: secure))
    }

    /// The connection's life is in its handlers; the server's task for it waits for the close, so a
    /// graceful shutdown waits for connections to finish the request they are on.
    func handle(value: Value, logger: Logger) async {
        try? await value.channel.closeFuture.get()
    }
}
