/// A minimal PNG writer for greyscale images: IHDR, one IDAT with a stored zlib stream, IEND; every scanline uses
/// filter type 0 (none).
public enum PNGEncoder {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// An 8-bit greyscale image; `pixels` row-major, 0 black ... 255 white.
    public static func grayscale(width: Int, height: Int, pixels: [UInt8]) -> [UInt8] {
        precondition(width > 0 && height > 0 && pixels.count == width * height, "pixels must fill width × height")
        var scanlines: [UInt8] = []
        scanlines.reserveCapacity((width + 1) * height)
        for row in 0..<height {
            scanlines.append(0)
            scanlines += pixels[(row * width)..<((row + 1) * width)]
        }
        return image(width: width, height: height, bitDepth: 8, scanlines: scanlines)
    }

    /// A 1-bit greyscale image, an eighth of the 8-bit size; `dark` row-major, true black.
    public static func blackAndWhite(width: Int, height: Int, dark: [Bool]) -> [UInt8] {
        precondition(width > 0 && height > 0 && dark.count == width * height, "pixels must fill width × height")
        let rowBytes = (width + 7) / 8
        var scanlines = [UInt8](repeating: 0, count: (rowBytes + 1) * height)
        for row in 0..<height {
            let start = row * (rowBytes + 1) + 1
            for column in 0..<width where !dark[row * width + column] {
                // Sample value 1 is white; the leftmost pixel is the byte's most significant bit.
                scanlines[start + column / 8] |= 0x80 >> UInt8(column % 8)
            }
        }
        return image(width: width, height: height, bitDepth: 1, scanlines: scanlines)
    }

    private static func image(width: Int, height: Int, bitDepth: UInt8, scanlines: [UInt8]) -> [UInt8] {
        // Colour type 0 (greyscale), compression 0, filter method 0, no interlace.
        let header = bigEndian(UInt32(width)) + bigEndian(UInt32(height)) + [bitDepth, 0, 0, 0, 0]
        return signature + chunk("IHDR", header) + chunk("IDAT", ZlibStream.stored(scanlines)) + chunk("IEND", [])
    }

    /// Length, type, data, and the CRC of type and data.
    private static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typeAndData = Array(type.utf8) + data
        return bigEndian(UInt32(data.count)) + typeAndData + bigEndian(CRC32.checksum(typeAndData))
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) }
    }
}
