import Foundation
import NIOCore
import NIOHTTP1
import RampartCore

extension HTTPResponseMessage {
    /// The head as sent: the response's own headers, then the framing the connection owns:
    /// Content-Length, Date and, when given, Connection.
    func head(version: HTTPVersion, date: String, connection: String?) -> HTTPResponseHead {
        var fields = HTTPHeaders()
        fields.reserveCapacity(headers.count + 3)
        for (name, value) in headers { fields.add(name: name, value: value) }
        fields.add(name: "Content-Length", value: String(body.count))
        fields.add(name: "Date", value: date)
        if let connection { fields.add(name: "Connection", value: connection) }
        return HTTPResponseHead(version: version, status: HTTPResponseStatus(statusCode: status), headers: fields)
    }

    /// The whole response as HTTP/1.1 bytes with `Connection: close`, for an answer written past NIO's
    /// HTTP codec (by `ConnectionDeadlineHandler`, which sits ahead of it): a timed-out request the
    /// decoder may hold half-parsed, where a response through the codec would break its state (no
    /// request head was passed on), and the answer to CONNECT, whose body the encoder drops.
    func closingBytes(allocator: ByteBufferAllocator) -> ByteBuffer {
        let head = head(version: .http1_1, date: Self.currentDate(), connection: "close")
        var buffer = allocator.buffer(capacity: 256 + body.count)
        buffer.writeString("HTTP/1.1 \(status) \(head.status.reasonPhrase)\r\n")
        for (name, value) in head.headers { buffer.writeString("\(name): \(value)\r\n") }
        buffer.writeString("\r\n")
        buffer.writeBytes(body)
        return buffer
    }

    /// The Date header's value now, for the rare answers not worth a per-connection cache.
    static func currentDate() -> String {
        Timestamp.httpDate(epochSeconds: Int(time(nil)))
    }
}
