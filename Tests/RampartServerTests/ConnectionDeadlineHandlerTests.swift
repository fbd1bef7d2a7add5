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

    @Test func idleConnectionIsClosedAfterTheIdleTimeout() throws {
        let channel = try connection()
        channel.embeddedEventLoop.advanceTime(by: .seconds(59))
        #expect(isOpen(channel))
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
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
