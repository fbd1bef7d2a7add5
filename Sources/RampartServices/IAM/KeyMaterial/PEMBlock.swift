import Foundation

/// One PEM block (RFC 7468): its label (`CERTIFICATE`, `PUBLIC KEY`, …) and the DER bytes it encodes.
struct PEMBlock: Equatable, Sendable {
    enum ParseError: Error, Equatable {
        case noBlock
        case unterminated
        case mismatchedEnd
        /// Anything but blank lines before, between or after the blocks.
        case textOutsideBlocks
        /// RFC 1421 headers, which only encrypted keys (`Proc-Type: 4,ENCRYPTED`) carry.
        case headers
        case invalidBase64
    }

    var label: String
    var der: [UInt8]

    /// Every block of `text`, in order, in one pass over its lines. Lenient where RFC 7468 asks
    /// parsers to be (any line length, LF or CRLF, blank lines and trailing spaces), strict where a
    /// lenient reader would guess: text outside the blocks (the certificate dump `openssl x509 -text`
    /// puts before one), headers, bad base64 and an END that does not close its BEGIN all fail.
    static func parseAll(_ text: String) throws(ParseError) -> [PEMBlock] {
        let bytes = Array(text.utf8)
        var blocks = [PEMBlock]()
        // The open block's label and base64 so far, kept apart so appending never copies the text.
        var openLabel: ArraySlice<UInt8>?
        var base64 = [UInt8]()
        // Lines split on LF alone: a String split would keep CRLF together as one Character.
        for rawLine in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            let line = trimmingWhitespace(rawLine)
            if let label = openLabel {
                if let end = boundaryLabel(line, "-----END ") {
                    guard end == label else { throw .mismatchedEnd }
                    guard let data = Data(base64Encoded: Data(base64)), !data.isEmpty else { throw .invalidBase64 }
                    blocks.append(PEMBlock(label: String(decoding: label, as: UTF8.self), der: Array(data)))
                    openLabel = nil
                    base64.removeAll(keepingCapacity: true)
                } else if line.contains(UInt8(ascii: ":")) {
                    throw .headers
                } else {
                    base64.append(contentsOf: line)
                }
            } else if let label = boundaryLabel(line, "-----BEGIN ") {
                openLabel = label
            } else if !line.isEmpty {
                throw .textOutsideBlocks
            }
        }
        guard openLabel == nil else { throw .unterminated }
        guard !blocks.isEmpty else { throw .noBlock }
        return blocks
    }

    private static func trimmingWhitespace(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var slice = line
        while let last = slice.last, last == 0x20 || last == 0x09 || last == 0x0D { slice = slice.dropLast() }
        while let first = slice.first, first == 0x20 || first == 0x09 { slice = slice.dropFirst() }
        return slice
    }

    /// `LABEL` of `-----BEGIN LABEL-----` (with `marker` "-----BEGIN "), nil for any other line and
    /// for an empty label.
    private static func boundaryLabel(_ line: ArraySlice<UInt8>, _ marker: String) -> ArraySlice<UInt8>? {
        let prefix = Array(marker.utf8)
        let suffix = Array("-----".utf8)
        guard line.count > prefix.count + suffix.count, line.starts(with: prefix), line.suffix(5).elementsEqual(suffix)
        else { return nil }
        return line.dropFirst(prefix.count).dropLast(suffix.count)
    }

    /// The block as text: base64 in lines of 64 characters, as OpenSSL writes it, ending in a newline.
    var text: String {
        let base64 = Array(Data(der).base64EncodedString().utf8)
        var output = "-----BEGIN \(label)-----\n"
        var start = 0
        while start < base64.count {
            let end = min(start + 64, base64.count)
            output += String(decoding: base64[start..<end], as: UTF8.self) + "\n"
            start = end
        }
        return output + "-----END \(label)-----\n"
    }
}
