/// A zlib stream (RFC 1950) holding its data in stored, uncompressed deflate blocks (RFC 1951 section 3.2.4).
///
/// Any inflater reads it, and it needs no compressor to get right; the one-bit QR images it carries are small
/// enough uncompressed.
enum ZlibStream {
    /// A stored block's length field is 16 bits.
    static let maximumBlockLength = 65_535

    static func stored(_ data: [UInt8]) -> [UInt8] {
        // CMF 0x78: deflate with a 32 KiB window; FLG 0x01 makes CMF·256 + FLG a multiple of 31, as required.
        var stream: [UInt8] = [0x78, 0x01]
        stream.reserveCapacity(data.count + data.count / maximumBlockLength * 5 + 16)
        appendStoredBlocks(data, to: &stream)
        let adler = Adler32.checksum(data)
        stream += [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: adler >> $0) }
        return stream
    }

    /// The deflate data (RFC 1951) of `data` in stored blocks, the body zlib and gzip wrap alike.
    static func appendStoredBlocks(_ data: [UInt8], to stream: inout [UInt8]) {
        var start = 0
        repeat {
            let end = min(start + maximumBlockLength, data.count)
            let length = UInt16(end - start)
            // BFINAL in bit 0, BTYPE 00 (stored) in bits 1-2; the rest of the byte is skipped padding.
            stream.append(end == data.count ? 1 : 0)
            stream += [UInt8(length & 0xff), UInt8(length >> 8), UInt8(~length & 0xff), UInt8(~length >> 8)]
            stream += data[start..<end]
            start = end
        } while start < data.count
    }
}
