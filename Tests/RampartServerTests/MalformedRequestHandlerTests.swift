import Foundation
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing

@testable import RampartServer

/// The HTTP pipeline as the server builds it, minus the AWS handlers: raw bytes in, raw bytes out.
@Suite struct MalformedRequestHandlerTests {
    /// Answers each request 200 at its end, or at its head when asked to (an early refusal).
    private final class Answerer: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        let atHead: Bool

        init(atHead: Bool) { self.atHead = atHead }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head: if atHead { answer(context) }
            case .body: break
            case .end: if !atHead { answer(context) }
            }
        }

        private func answer(_ context: ChannelHandlerContext) {
            let headers = HTTPHeaders([("Content-Length", "0")])
            context.write(
                wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil
            )
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }

    private func connection(answeringAtHead: Bool = false) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        let limits = ConnectionLimits(maxConnections: 10, idleTimeout: .seconds(60), requestTimeout: .seconds(10))
        try channel.pipeline.syncOperations.addHandler(ConnectionDeadlineHandler(limits: limits))
        try channel.pipeline.syncOperations.configureHTTPServerPipeline(
            withPipeliningAssistance: true, withErrorHandling: false)
        try channel.pipeline.syncOperations.addHandlers(MalformedRequestHandler(), Answerer(atHead: answeringAtHead))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        return channel
    }

    /// Everything the server wrote, as text.
    private func written(_ channel: EmbeddedChannel) throws -> String {
        var text = ""
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) { text += String(buffer: buffer) }
        return text
    }

    @Test(arguments: [
        "GET / HTTP/1.1\r\nHost: a\r\nX-Bad: a\u{0}b\r\n\r\n",
        "THIS IS NOT HTTP\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: abc\r\n\r\n",
        "GET / HTTP/1.1\r\nBad Header Name: x\r\n\r\n",
        "GET / HTTP/2.0\r\nHost: a\r\n\r\n",
    ])
    func malformedRequestGetsTheAWSErrorAndTheConnectionCloses(request: String) throws {
        let channel = try connection()
        // Not passed on: nothing reaches the end of the pipeline, where it would be thrown here.
        try channel.writeInbound(ByteBuffer(string: request))
        let answer = try HTTPAnswer(try written(channel))
        #expect(answer.status == 400)
        #expect(answer.code == "MalformedHttpRequestException")
        #expect(answer.headers["content-type"] == "text/xml")
        #expect(answer.headers["connection"] == "close")
        #expect(answer.headers["content-length"] == String(answer.body.utf8.count))
        #expect(answer.body.contains("<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">"))
        #expect(!channel.isActive)
    }

    @Test func malformedRequestAfterAnAnsweredOneIsAnsweredToo() throws {
        let channel = try connection()
        try channel.writeInbound(ByteBuffer(string: "GET / HTTP/1.1\r\nHost: a\r\n\r\n"))
        #expect(try HTTPAnswer(try written(channel)).status == 200)
        try channel.writeInbound(ByteBuffer(string: "GET / HTTP/1.1\r\nX: \u{1}\r\n\r\n"))
        #expect(try HTTPAnswer(try written(channel)).code == "MalformedHttpRequestException")
    }

    /// A bad chunk size mid-body, after the request was already answered: no second answer on the same
    /// request; the error goes on (the connection handler closes the connection).
    @Test func requestAnsweredAtItsHeadGetsNoSecondAnswer() throws {
        let channel = try connection(answeringAtHead: true)
        #expect(throws: HTTPParserError.self) {
            try channel.writeInbound(
                ByteBuffer(string: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"))
        }
        let text = try written(channel)
        #expect(text.hasPrefix("HTTP/1.1 200"))
        #expect(!text.contains("400"))
    }

    @Test func wellFormedRequestsPassUntouched() throws {
        let channel = try connection()
        try channel.writeInbound(
            ByteBuffer(string: "GET / HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n"))
        let text = try written(channel)
        #expect(text.components(separatedBy: "HTTP/1.1 200").count == 3)
        #expect(channel.isActive)
    }
}

/// One HTTP/1.1 response as bytes, split into its parts, and the Query error code its body holds.
struct HTTPAnswer {
    var status: Int
    var headers: [String: String]
    var body: String

    struct Unreadable: Error {}

    init(_ text: String) throws {
        guard let split = text.range(of: "\r\n\r\n") else { throw Unreadable() }
        var lines = text[..<split.lowerBound].components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw Unreadable() }
        self.status = status
        headers = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        body = String(text[split.upperBound...])
    }

    var code: String? {
        guard let start = body.range(of: "<Code>"), let end = body.range(of: "</Code>") else { return nil }
        return String(body[start.upperBound..<end.lowerBound])
    }
}
