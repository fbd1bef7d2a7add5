import Testing

@testable import RampartMFA

/// Structural checks of the PNG writer: chunks, checksums and the image data read back out of the zlib stream.
@Suite struct PNGEncoderTests {
    @Test func checksumsMatchPublishedCheckValues() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        // Every PNG's IEND chunk ends with this CRC of the bytes "IEND".
        #expect(CRC32.checksum(Array("IEND".utf8)) == 0xAE42_6082)
        #expect(Adler32.checksum(Array("Wikipedia".utf8)) == 0x11E6_0398)
        #expect(
            Adler32.checksum([UInt8](repeating: 0xff, count: 100_000))
                == Self.slowAdler([UInt8](repeating: 0xff, count: 100_000)))
    }

    @Test func grayscaleImage() throws {
        let pixels = (0..<(5 * 3)).map { UInt8($0 * 17) }
        let png = try PNGFile(PNGEncoder.grayscale(width: 5, height: 3, pixels: pixels))
        #expect(png.width == 5 && png.height == 3 && png.bitDepth == 8 && png.colorType == 0)
        var expected: [UInt8] = []
        for row in 0..<3 {
            expected.append(0)
            expected += pixels[(row * 5)..<(row * 5 + 5)]
        }
        #expect(png.scanlines == expected)
    }

    @Test func largeImageSpansSeveralStoredBlocks() throws {
        let pixels = (0..<(300 * 300)).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let png = try PNGFile(PNGEncoder.grayscale(width: 300, height: 300, pixels: pixels))
        #expect(png.scanlines.count == 301 * 300)
        #expect(png.scanlines[301 * 299 + 1..<301 * 300] == pixels[300 * 299..<300 * 300])
    }

    @Test func qrCodeImageShowsTheModules() throws {
        let code = try QRCode.encode("otpauth://totp/Rampart:alice?secret=JBSWY3DPEHPK3PXP&issuer=Rampart")
        let scale = 3
        let quietZone = 4
        let png = try PNGFile(code.png(scale: scale, quietZone: quietZone))
        let side = (code.size + 2 * quietZone) * scale
        #expect(png.width == side && png.height == side && png.bitDepth == 1 && png.colorType == 0)
        let rowBytes = (side + 7) / 8 + 1
        func isBlack(x: Int, y: Int) -> Bool {
            let row = png.scanlines[(y * rowBytes)..<((y + 1) * rowBytes)]
            #expect(row.first == 0)
            return row[row.startIndex + 1 + x / 8] & (0x80 >> UInt8(x % 8)) == 0
        }
        for y in 0..<side {
            for x in 0..<side {
                let moduleX = x / scale - quietZone
                let moduleY = y / scale - quietZone
                let inside = (0..<code.size).contains(moduleX) && (0..<code.size).contains(moduleY)
                #expect(isBlack(x: x, y: y) == (inside && code[moduleX, moduleY]))
            }
        }
    }

    private static func slowAdler(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in bytes {
            a = (a + UInt32(byte)) % 65521
            b = (b + a) % 65521
        }
        return b << 16 | a
    }
}

/// A PNG read back just far enough to check it: chunk CRCs verified, IHDR decoded, the IDAT zlib stream's stored
/// blocks joined and its Adler-32 verified.
struct PNGFile {
    struct Malformed: Error, CustomStringConvertible {
        let description: String
    }

    var width = 0
    var height = 0
    var bitDepth: UInt8 = 0
    var colorType: UInt8 = 0
    var scanlines: [UInt8] = []
    var chunkTypes: [String] = []

    init(_ bytes: [UInt8]) throws {
        guard Array(bytes.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] else {
            throw Malformed(description: "signature")
        }
        var offset = 8
        var idat: [UInt8] = []
        while offset < bytes.count {
            let length = Int(Self.bigEndian(bytes, at: offset))
            let typeAndData = Array(bytes[(offset + 4)..<(offset + 8 + length)])
            let type = String(decoding: typeAndData.prefix(4), as: UTF8.self)
            guard CRC32.checksum(typeAndData) == Self.bigEndian(bytes, at: offset + 8 + length) else {
                throw Malformed(description: "CRC of \(type)")
            }
            chunkTypes.append(type)
            let data = Array(typeAndData.dropFirst(4))
            switch type {
            case "IHDR":
                width = Int(Self.bigEndian(data, at: 0))
                height = Int(Self.bigEndian(data, at: 4))
                bitDepth = data[8]
                colorType = data[9]
                guard data[10...12].allSatisfy({ $0 == 0 }) else { throw Malformed(description: "IHDR methods") }
            case "IDAT": idat += data
            default: break
            }
            offset += 12 + length
        }
        guard chunkTypes == ["IHDR", "IDAT", "IEND"] else { throw Malformed(description: "chunks \(chunkTypes)") }
        scanlines = try Self.inflateStored(idat)
    }

    private static func inflateStored(_ stream: [UInt8]) throws -> [UInt8] {
        guard stream.count >= 6, stream[0] & 0x0f == 8, (Int(stream[0]) << 8 | Int(stream[1])) % 31 == 0 else {
            throw Malformed(description: "zlib header")
        }
        var offset = 2
        var output: [UInt8] = []
        while true {
            let header = stream[offset]
            guard header & 0b110 == 0 else { throw Malformed(description: "not a stored block") }
            let length = Int(stream[offset + 1]) | Int(stream[offset + 2]) << 8
            let complement = Int(stream[offset + 3]) | Int(stream[offset + 4]) << 8
            guard length ^ complement == 0xffff else { throw Malformed(description: "stored length") }
            output += stream[(offset + 5)..<(offset + 5 + length)]
            offset += 5 + length
            if header & 1 == 1 { break }
        }
        guard offset + 4 == stream.count, bigEndian(stream, at: offset) == Adler32.checksum(output) else {
            throw Malformed(description: "Adler-32")
        }
        return output
    }

    private static func bigEndian(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | UInt32($1) }
    }
}
