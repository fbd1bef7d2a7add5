import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One plain-HTTP/1.1 exchange over a socket, for the admin commands. URLSession would pull
/// FoundationNetworking, libcurl and its TLS stack into the server's own binary (about 6 MiB of
/// resident memory for a client the server never uses); the admin API speaks plain HTTP on a
/// trusted address, so a socket is all it takes.
struct HTTPConnection {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    struct Response {
        var status: Int
        var body: [UInt8]
    }

    let host: String
    let port: Int

    func send(_ request: [UInt8]) throws -> Response {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
            hints.ai_socktype = SOCK_STREAM
        #endif
        var found: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &found) == 0, let first = found else {
            throw Failure(description: "cannot resolve \(host)")
        }
        defer { freeaddrinfo(first) }
        var socketFD: Int32 = -1
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let info = candidate {
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            if fd >= 0 {
                if connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 {
                    socketFD = fd
                    break
                }
                close(fd)
            }
            candidate = info.pointee.ai_next
        }
        guard socketFD >= 0 else { throw Failure(description: "cannot connect to \(host):\(port)") }
        defer { close(socketFD) }
        var offset = 0
        while offset < request.count {
            let written = request[offset...].withUnsafeBytes { write(socketFD, $0.baseAddress, $0.count) }
            guard written > 0 else { throw Failure(description: "the connection closed while sending") }
            offset += written
        }
        var received = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(socketFD, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            received.append(contentsOf: buffer[0..<count])
        }
        return try Self.parse(received)
    }

    /// Status and body of a response read to the end of the connection (the request asked to close it).
    static func parse(_ bytes: [UInt8]) throws -> Response {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard
            let end = (0...max(0, bytes.count - 4)).first(where: {
                Array(bytes[$0..<min($0 + 4, bytes.count)]) == separator
            })
        else { throw Failure(description: "the server's response had no header end") }
        let head = String(decoding: bytes[0..<end], as: UTF8.self)
        let parts = head.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, let status = Int(parts[1]) else {
            throw Failure(description: "the server's response had no status line")
        }
        var body = Array(bytes[(end + 4)...])
        let lengthLine = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
        if let lengthLine,
            let length = Int(lengthLine.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)),
            length <= body.count
        {
            body = Array(body[0..<length])
        }
        return Response(status: status, body: body)
    }
}
