import NIOCore
import NIOHTTP1
import NIOHTTP2
import NIOSSL
import NIOTLS

extension RampartChildChannel {
    /// TLS first, with its handshake under the request timeout; then ALPN decides: HTTP/2 when the
    /// client offers `h2`, else the HTTP/1.1 pipeline of a plain connection behind the TLS handler.
    func configureTLS(_ channel: any Channel, context: NIOSSLContext) throws {
        let pipeline = channel.pipeline.syncOperations
        try pipeline.addHandler(NIOSSLServerHandler(context: context))
        try pipeline.addHandler(TLSHandshakeDeadlineHandler(timeout: TimeAmount(limits.requestTimeout)))
        try pipeline.addHandler(
            ApplicationProtocolNegotiationHandler { result, channel in
                channel.eventLoop.makeCompletedFuture {
                    if case .negotiated(TLSServerContext.http2) = result {
                        try configureHTTP2(channel)
                    } else {
                        try configureHTTP1(channel.pipeline.syncOperations, secure: true)
                    }
                }
            })
    }

    /// Each HTTP/2 stream is a channel of its own carrying one request, translated to HTTP/1's
    /// request parts so `HTTPConnectionHandler` answers it as it answers HTTP/1.1. NIO's connection
    /// manager closes a connection that has had no open stream for the idle timeout, and on graceful
    /// shutdown sends GOAWAY and closes once the streams in flight have ended (within the bounds
    /// `HTTP2ShutdownHandler` sets).
    private func configureHTTP2(_ channel: any Channel) throws {
        let responder = responder
        let limits = limits
        let manager = NIOHTTP2ServerConnectionManagementHandler(
            eventLoop: channel.eventLoop,
            configuration: .init(
                maxIdleTime: TimeAmount(limits.idleTimeout), maxAge: nil, maxGraceTime: Self.http2GraceTime,
                keepalive: nil))
        let shutdown = HTTP2ShutdownHandler(hardLimit: Self.http2GraceTime)
        // NIO's defaults: at most 100 concurrent streams and 16 KiB of headers per connection.
        _ = try channel.pipeline.syncOperations.configureHTTP2Pipeline(
            mode: .server, connectionConfiguration: .init(), streamConfiguration: .init(),
            streamDelegate: shutdown.delegate(passingTo: manager.http2StreamDelegate, on: channel.eventLoop)
        ) { stream in
            stream.eventLoop.makeCompletedFuture {
                try stream.pipeline.syncOperations.addHandlers(
                    HTTP2FramePayloadToHTTP1ServerCodec(), HTTP2StreamDeadlineHandler(limits: limits),
                    HTTPConnectionHandler(responder: responder, secure: true))
            }
        }
        try channel.pipeline.syncOperations.addHandlers(manager, shutdown)
    }

    /// How long a shutting-down HTTP/2 connection waits for its streams before it is closed anyway.
    static let http2GraceTime = TimeAmount.seconds(30)
}
