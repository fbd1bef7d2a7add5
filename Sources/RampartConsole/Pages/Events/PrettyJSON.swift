/// JSON laid out for reading: one member or element a line, indented two spaces a level, in the
/// order it was written (a CloudTrail record reads top to bottom as AWS writes it). It re-indents
/// the text and never parses numbers or unescapes strings, so what is shown is what is stored.
/// The result is plain text: escape it before it goes into a page.
enum PrettyJSON {
    static func format(_ json: String) -> String {
        var out = [UInt8]()
        out.reserveCapacity(json.utf8.count * 2)
        var depth = 0
        var inString = false
        var escaped = false
        // An opening bracket waits here until the next byte says whether its value is empty.
        var pendingOpen: UInt8?

        func newline() {
            out.append(UInt8(ascii: "\n"))
            out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: depth * 2))
        }
        func flushOpen(closing: Bool) {
            guard let open = pendingOpen else { return }
            pendingOpen = nil
            out.append(open)
            if closing { return }
            depth += 1
            newline()
        }

        for byte in json.utf8 {
            if inString {
                out.append(byte)
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"):
                continue
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                flushOpen(closing: false)
                pendingOpen = byte
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if pendingOpen != nil {
                    flushOpen(closing: true)  // `{}` and `[]` stay on one line
                } else {
                    depth = max(0, depth - 1)
                    newline()
                }
                out.append(byte)
            case UInt8(ascii: ","):
                flushOpen(closing: false)
                out.append(byte)
                newline()
            case UInt8(ascii: ":"):
                out.append(contentsOf: [UInt8(ascii: ":"), UInt8(ascii: " ")])
            default:
                flushOpen(closing: false)
                if byte == UInt8(ascii: "\"") { inString = true }
                out.append(byte)
            }
        }
        flushOpen(closing: true)
        return String(decoding: out, as: UTF8.self)
    }
}
