import NIOCore
import NIOEmbedded
import Testing

@testable import RampartServer

@Suite struct ConnectionDeadlineHandlerTests {
    private let limits = ConnectionLimits(maxConnections: 10, idleTimeout: .seconds(60), requestTimeout: .seconds(10))

    private func connection() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel(handler: ConnectionDeadlineHandler(limits: limits))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        return channel
    }

    private func isOpen(_ channel: EmbeddedChannel) -> Bool { channel.isActive }

    /// Everything the handler wrote, as text.
    private func written(_ channel: EmbeddedChannel) throws -> String {
        var text = ""
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) { text += String(buffer: buffer) }
        return text
    }

    /// Closed, and nothing written on the way out.
    private func closedWithoutAWord(_ channel: EmbeddedChannel) throws -> Bool {
        try !isOpen(channel) && written(channel).isEmpty
    }

    @Test func idleConnectionIsClosedAfterTheIdleTimeoutWithoutAnAnswer() throws {
        let channel = try connection()
        channel.embeddedEventLoop.advanceTime(by: .seconds(59))
        #expect(isOpen(channel))
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(try closedWithoutAWord(channel))
    }

    /// A head that never completes (or a body that never ends) is answered 408 in the AWS envelope,
    /// then closed.
    @Test func requestOutOfTimeGetsTheAWS408BeforeTheClose() throws {
        let channel = try connection()
        try channel.writeInbound(ByteBuffer(string: "POST / HTTP/1.1\r\nHost: a\r\nX-Slow: "))
        channel.embeddedEventLoop.advanceTime(by: .seconds(10))
        let answer = try HTTPAnswer(try written(channel))
        #expect(answer.status == 408)
        #expect(answer.code == "RequestTimeout")
        #expect(answer.headers["connection"] == "close")
        #expect(answer.headers["content-length"] == String(answer.body.utf8.count))
        #expect(answer.body.contains("not read from or written to within the timeout period"))
        #expect(!isOpen(channel))
    }

    /// Once something was written on the request (an early refusal), the timeout only closes.
    @Test func requestAlreadyAnsweredIsClosedWithoutA408() throws {
        let channel = try connection()
        try channel.writeInbound(ByteBuffer(string: "POST / HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n"))
        try channel.writeOutbound(ByteBuffer(string: "HTTP/1.1 413 Payload Too Large\r\n\r\n"))
        _ = try written(channel)
        channel.embeddedEventLoop.advanceTime(by: .seconds(10))
        #expect(try closedWithoutAWord(channel))
    }

    @Test func closingEventClosesTheConnection() throws {
        let channel = try connection()
        try channel.writeInbound(ByteBuffer(string: "BAD\r\n\r\n"))
        channel.pipeline.triggerUserOutboundEvent(HTTPConnectionEvent.closing(answer: nil), promise: nil)
        #expect(try closedWithoutAWord(channel))
    }

    @Test func closingEventWritesItsAnswerFirst() throws {
        let channel = try connection()
        try channel.writeInbound(ByteBuffer(string: "CONNECT a:443 HTTP/1.1\r\n\r\n"))
        let answer = ByteBuffer(string: "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
        channel.pipeline.triggerUserOutboundEvent(HTTPConnectionEvent.closing(answer: answer), promise: nil)
        #expect(try written(channel) == String(buffer: answer))
        #expect(!isOpen(channel))
    }

    /// A slowloris head: a byte now and then never completes a request, and never resets the clock.
    @Test func requestIsTimedFromItsFirstByteWhateverFollows() throws {
        let channel = try connection()
        for _ in 0..<9 {
            try channel.writeInbound(ByteBuffer(string: "a"))
            channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        }
        #expect(isOpen(channel))
        try channel.writeInbound(ByteBuffer(string: "a"))
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(!isOpen(channel))
    }

    @Test func answeringIsNotTimedAndTheNextWaitIsIdle() throws {
        let channel = try connection()
        try channel.writeInbound(ByteBuffer(string: "GET / HTTP/1.1\r\n\r\n"))
        channel.pipeline.triggerUserOutboundEvent(HTTPConnectionEvent.requestRead, promise: nil)
        channel.embeddedEventLoop.advanceTime(by: .seconds(600))
        #expect(isOpen(channel))
        channel.pipeline.triggerUserOutboundEvent(HTTPConnectionEvent.responseSent, promise: nil)
        channel.embeddedEventLoop.advanceTime(by: .seconds(59))
        #expect(isOpen(channel))
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(!isOpen(channel))
    }
}
