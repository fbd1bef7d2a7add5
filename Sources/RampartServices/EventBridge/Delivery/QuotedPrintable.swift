/// RFC 2045's quoted-printable, for mail bodies: SMTP limits lines to 1000 bytes and an event's
/// JSON is one long line. Line breaks of the text (LF or CRLF) stay hard breaks (CRLF); longer
/// lines are cut into 76-character pieces with soft breaks (`=`); bytes outside printable ASCII,
/// `=`, and a space or tab before a line end are written `=XX`. One pass over the bytes.
enum QuotedPrintable {
    static func encode(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        var lineLength = 0
        let bytes = Array(text.utf8)
        var index = 0
        func append(_ piece: [UInt8]) {
            // A piece is never split: a soft break goes before it when it would pass 75 (76 with `=`).
            if lineLength + piece.count > 75 {
                out += [UInt8(ascii: "="), 13, 10]
                lineLength = 0
            }
            out += piece
            lineLength += piece.count
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 10 || (byte == 13 && index + 1 < bytes.count && bytes[index + 1] == 10) {
                out += [13, 10]
                lineLength = 0
                index += byte == 13 ? 2 : 1
                continue
            }
            let atLineEnd = index + 1 == bytes.count || bytes[index + 1] == 10 || bytes[index + 1] == 13
            let literal =
                (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) || ((byte == 32 || byte == 9) && !atLineEnd)
            append(literal ? [byte] : [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 15)]])
            index += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
