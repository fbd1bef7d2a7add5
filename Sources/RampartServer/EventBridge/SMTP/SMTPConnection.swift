import NIOCore
import NIOSSL

/// One SMTP connection: commands out, replies in (through `SMTPReplyHandler`), and STARTTLS's
/// switch to TLS in the middle of it.
struct SMTPConnection {
    let channel: any Channel
    var replies: AsyncThrowingStream<SMTPReply, any Error>.AsyncIterator

    /// Sends a command line (CRLF added).
    func command(_ line: String) async throws {
        try await write(Array((line + "\r\n").utf8))
    }

    func write(_ bytes: [UInt8]) async throws {
        try await channel.writeAndFlush(channel.allocator.buffer(bytes: bytes)).get()
    }

    /// The next reply, or nil when the server closed the connection (or the deadline closed it).
    mutating func reply() async throws -> SMTPReply? {
        try await replies.next(isolation: #isolation)
    }

    /// Puts TLS under the conversation: everything after the server's 220 to STARTTLS is encrypted.
    func startTLS(_ context: NIOSSLContext, serverHostname: String?) async throws {
        let channel = channel
        try await channel.eventLoop.submit {
            try channel.pipeline.syncOperations.addHandler(
                NIOSSLClientHandler(context: context, serverHostname: serverHostname), position: .first)
        }.get()
    }
}

/// Hands the server's replies to the conversation. A malformed reply, or more replies waiting than
/// any command sequence of ours can cause, closes the connection.
final class SMTPReplyHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private var parser = SMTPReplyParser()
    private let continuation: AsyncThrowingStream<SMTPReply, any Error>.Continuation

    init(continuation: AsyncThrowingStream<SMTPReply, any Error>.Continuation) {
        self.continuation = continuation
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        do {
            for reply in try parser.feed(buffer.readableBytesView) {
                if case .dropped = continuation.yield(reply) {
                    throw SMTPReplyParser.Malformed(reason: "the server sends replies nobody asked for")
                }
            }
        } catch {
            continuation.finish(throwing: error)
            context.close(promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        continuation.finish(throwing: error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        continuation.finish()
        context.fireChannelInactive()
    }
}
