/// A gzip file (RFC 1952) holding its data in stored deflate blocks, as `ZlibStream` does for PNG:
/// any gunzip reads it and no compressor is needed. CloudTrail's log files are gzip'd JSON; this
/// module already has the deflate framing and the CRC-32 they need.
public enum Gzip {
    public static func stored(_ data: [UInt8]) -> [UInt8] {
        // ID1 ID2, CM 8 (deflate), no flags, no modification time, no extra flags, OS 255 (unknown).
        var file: [UInt8] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255]
        file.reserveCapacity(data.count + data.count / ZlibStream.maximumBlockLength * 5 + 32)
        ZlibStream.appendStoredBlocks(data, to: &file)
        let crc = CRC32.checksum(data)
        let size = UInt32(truncatingIfNeeded: data.count)
        file += [0, 8, 16, 24].map { UInt8(truncatingIfNeeded: crc >> $0) }
        file += [0, 8, 16, 24].map { UInt8(truncatingIfNeeded: size >> $0) }
        return file
    }
}
