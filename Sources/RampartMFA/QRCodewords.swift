/// Builds the codeword sequence of a byte-mode symbol: the data bit stream, its padding, the error correction of
/// each block, and their interleaving (ISO/IEC 18004 sections 7.4 to 7.6).
enum QRCodewords {
    static let byteModeIndicator = 0b0100
    /// The pad codewords the standard alternates to fill unused data capacity.
    static let padCodewords: [UInt8] = [0xEC, 0x11]

    /// Bits of the byte count: versions 1 to 9 hold at most a few hundred bytes, larger ones need more.
    static func characterCountBits(version: Int) -> Int {
        version <= 9 ? 8 : 16
    }

    /// Bits a byte-mode segment of `byteCount` bytes takes before padding.
    static func bitLength(byteCount: Int, version: Int) -> Int {
        4 + characterCountBits(version: version) + 8 * byteCount
    }

    /// The data codewords: mode, count, data, a terminator of up to four zero bits, zero bits to the next byte
    /// boundary, then pad codewords up to `capacity`. The caller has checked the data fits.
    static func data(_ bytes: [UInt8], version: Int, capacity: Int) -> [UInt8] {
        var writer = QRBitWriter()
        writer.append(byteModeIndicator, width: 4)
        writer.append(bytes.count, width: characterCountBits(version: version))
        for byte in bytes {
            writer.append(Int(byte), width: 8)
        }
        writer.append(0, width: min(4, capacity * 8 - writer.bitCount))
        // The writer starts each byte zeroed, so reaching the boundary needs no explicit bits.
        var codewords = writer.bytes
        var pad = 0
        while codewords.count < capacity {
            codewords.append(padCodewords[pad % 2])
            pad += 1
        }
        return codewords
    }

    /// Splits `data` into the blocks of `structure`, appends each block's error correction, and interleaves: the
    /// first data codeword of every block, then the second, and so on (the longer blocks' extra one last), then the
    /// error correction codewords the same way.
    static func interleaved(_ data: [UInt8], structure: QRBlockStructure, field: GaloisField256) -> [UInt8] {
        let coder = ReedSolomon(degree: structure.errorCorrectionPerBlock, field: field)
        var blocks: [[UInt8]] = []
        var start = 0
        for length in structure.dataLengths {
            blocks.append(Array(data[start..<(start + length)]))
            start += length
        }
        let corrections = blocks.map { coder.errorCorrection(for: $0) }
        var result: [UInt8] = []
        result.reserveCapacity(structure.totalCodewords)
        for index in 0..<(structure.shortBlockDataLength + 1) {
            for block in blocks where index < block.count {
                result.append(block[index])
            }
        }
        for index in 0..<structure.errorCorrectionPerBlock {
            for correction in corrections {
                result.append(correction[index])
            }
        }
        return result
    }
}
