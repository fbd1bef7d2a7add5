import CZlib

/// gzip files (RFC 1952) through the system's zlib: CloudTrail's log and digest files are gzip'd
/// JSON, and a SIEM reading a month of them wants them compressed (JSON records shrink about
/// tenfold), which the stored blocks of `RampartMFA.Gzip` do not do.
public enum Gzip {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case zlib(Int32)
        /// The file inflates to more than the caller allows: a log file is a few megabytes, a
        /// file that claims gigabytes is refused before it fills memory.
        case tooLarge(limit: Int)
        case truncated

        public var description: String {
            switch self {
            case .zlib(let code): "zlib error \(code)"
            case .tooLarge(let limit): "inflates to more than \(limit) bytes"
            case .truncated: "not a complete gzip file"
            }
        }
    }

    /// windowBits 15 with 16 added asks zlib for the gzip wrapper instead of zlib's own.
    private static let gzipWindowBits: Int32 = 15 + 16

    public static func compress(_ data: [UInt8], level: Int32 = 6) throws(Failure) -> [UInt8] {
        var stream = z_stream()
        let started = deflateInit2_(
            &stream, level, Z_DEFLATED, gzipWindowBits, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
            Int32(MemoryLayout<z_stream>.size))
        guard started == Z_OK else { throw .zlib(started) }
        defer { deflateEnd(&stream) }
        // deflateBound is enough for one call with Z_FINISH; the gzip header and trailer need 18 more.
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(data.count))) + 18)
        var input = data
        let result = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                stream.next_in = inBuffer.baseAddress
                stream.avail_in = uInt(inBuffer.count)
                stream.next_out = outBuffer.baseAddress
                stream.avail_out = uInt(outBuffer.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard result == Z_STREAM_END else { throw .zlib(result) }
        output.removeLast(Int(stream.avail_out))
        return output
    }

    /// Inflates `data`, refusing output beyond `limit` bytes; time and memory are linear in the
    /// input and the limit.
    public static func decompress(_ data: [UInt8], limit: Int) throws(Failure) -> [UInt8] {
        var stream = z_stream()
        let started = inflateInit2_(&stream, gzipWindowBits, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard started == Z_OK else { throw .zlib(started) }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var input = data
        var status: Int32 = Z_OK
        try input.withUnsafeMutableBufferPointer { inBuffer throws(Failure) in
            stream.next_in = inBuffer.baseAddress
            stream.avail_in = uInt(inBuffer.count)
            while status != Z_STREAM_END {
                let produced = chunk.withUnsafeMutableBufferPointer { outBuffer in
                    stream.next_out = outBuffer.baseAddress
                    stream.avail_out = uInt(outBuffer.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    return outBuffer.count - Int(stream.avail_out)
                }
                guard status == Z_OK || status == Z_STREAM_END else {
                    throw status == Z_BUF_ERROR ? .truncated : .zlib(status)
                }
                guard output.count + produced <= limit else { throw .tooLarge(limit: limit) }
                output += chunk[0..<produced]
                if status == Z_OK, produced == 0, stream.avail_in == 0 { throw .truncated }
            }
        }
        return output
    }
}
