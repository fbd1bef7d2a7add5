/// One SMTP reply: its three-digit code and the text of each of its lines (RFC 5321 §4.2).
struct SMTPReply: Sendable, Equatable {
    var code: Int
    var lines: [String]

    /// The reply as a dead letter's reason quotes it: the code and the first line, printable and short.
    var summary: String {
        let text = String((lines.first ?? "").unicodeScalars.filter { $0.value >= 32 && $0.value < 127 }.prefix(200))
        return text.isEmpty ? "\(code)" : "\(code) \(text)"
    }

    /// EHLO's extension keywords (upper-cased) with their parameters: every line after the greeting.
    var extensions: [String: [String]] {
        var result: [String: [String]] = [:]
        for line in lines.dropFirst() {
            let words = line.split(separator: " ").map(String.init)
            guard let keyword = words.first else { continue }
            result[keyword.uppercased()] = words.dropFirst().map { $0.uppercased() }
        }
        return result
    }
}

/// Cuts a server's bytes into replies: lines end at LF (CRLF in practice), `250-…` continues a
/// reply and `250 …` ends it. Each byte is looked at once; a line longer than `lineLimit` or a reply
/// of more than `lineCountLimit` lines is a protocol error, so a hostile server cannot make the
/// client buffer without bound.
struct SMTPReplyParser {
    static let lineLimit = 2048
    static let lineCountLimit = 128

    struct Malformed: Error, Equatable {
        var reason: String
    }

    private var line: [UInt8] = []
    private var pending: SMTPReply?

    /// The replies `bytes` complete, in order.
    mutating func feed(_ bytes: some Sequence<UInt8>) throws(Malformed) -> [SMTPReply] {
        var replies: [SMTPReply] = []
        for byte in bytes {
            guard byte == 10 else {
                guard line.count < Self.lineLimit else { throw Malformed(reason: "a reply line is too long") }
                line.append(byte)
                continue
            }
            if line.last == 13 { line.removeLast() }
            if let reply = try take(line) { replies.append(reply) }
            line.removeAll(keepingCapacity: true)
        }
        return replies
    }

    private mutating func take(_ line: [UInt8]) throws(Malformed) -> SMTPReply? {
        let digits = line.prefix(3)
        // The first digit is 2 to 5: SMTP has no 1yz replies.
        guard digits.count == 3, digits.allSatisfy({ (48...57).contains($0) }), (50...53).contains(line[0]) else {
            throw Malformed(reason: "a reply does not start with a code")
        }
        let code = digits.reduce(0) { $0 * 10 + Int($1 - 48) }
        let separator = line.count > 3 ? line[3] : UInt8(ascii: " ")
        guard separator == UInt8(ascii: " ") || separator == UInt8(ascii: "-") else {
            throw Malformed(reason: "a reply's code is not followed by a space or a hyphen")
        }
        let text = String(decoding: line.dropFirst(4), as: UTF8.self)
        var reply = pending ?? SMTPReply(code: code, lines: [])
        guard reply.code == code else { throw Malformed(reason: "a multi-line reply changes its code") }
        guard reply.lines.count < Self.lineCountLimit else { throw Malformed(reason: "a reply has too many lines") }
        reply.lines.append(text)
        if separator == UInt8(ascii: "-") {
            pending = reply
            return nil
        }
        pending = nil
        return reply
    }
}
