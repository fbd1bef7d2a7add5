import Testing

@testable import RampartMFA

@Suite struct QRComponentsTests {
    /// ISO/IEC 18004 Annex I: "01234567" as a 1-M symbol (numeric mode), its 16 data codewords and 10 error
    /// correction codewords.
    @Test func reedSolomonStandardExample() {
        let data: [UInt8] = [
            0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11,
        ]
        #expect(
            ReedSolomon(degree: 10).errorCorrection(for: data)
                == [0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55])
    }

    /// Appending the error correction makes a codeword the generator divides: no remainder left.
    @Test func codewordsAreMultiplesOfTheGenerator() {
        let data = (0..<40).map { UInt8($0 * 13 & 0xff) }
        let coder = ReedSolomon(degree: 22)
        let parity = coder.errorCorrection(for: data)
        let check = ReedSolomon(degree: 22).errorCorrection(for: data + parity)
        #expect(check == [UInt8](repeating: 0, count: 22))
    }

    @Test func fieldMultiplication() {
        let field = GaloisField256()
        #expect(field.power(8) == 0x1D)
        #expect(field.power(255) == 1)
        #expect(field.multiply(0x80, 2) == 0x1D)
        #expect(field.multiply(0, 0x53) == 0)
        for value in 1...255 {
            #expect(field.multiply(UInt8(value), 1) == UInt8(value))
        }
    }

    /// Values from the standard's Table C.1 (format) and Table D.1 (version).
    @Test func formatAndVersionInformation() {
        #expect(QRFormatInformation.bits(errorCorrection: .medium, mask: 0) == 0b101_0100_0001_0010)
        #expect(QRFormatInformation.bits(errorCorrection: .low, mask: 0) == 0b111_0111_1100_0100)
        #expect(QRFormatInformation.bits(errorCorrection: .high, mask: 7) == 0b000_1000_0011_1011)
        #expect(QRVersionInformation.bits(version: 7) == 0x07C94)
        #expect(QRVersionInformation.bits(version: 40) == 0x28C69)
    }

    @Test func dataCodewordsArePaddedAsTheStandardSays() {
        // Byte mode "AB" in a 1-L symbol: 0100 | 00000010 | 01000001 01000010 | 0000, then EC 11 EC ...
        let data = QRCodewords.data(Array("AB".utf8), version: 1, capacity: 19)
        #expect(Array(data.prefix(5)) == [0x40, 0x24, 0x14, 0x20, 0xEC])
        #expect(data.count == 19)
        #expect(data.last == 0xEC)
    }

    @Test func alignmentPatternCenters() {
        #expect(QRTables.alignmentPatternCenters(version: 1) == [])
        #expect(QRTables.alignmentPatternCenters(version: 2) == [6, 18])
        #expect(QRTables.alignmentPatternCenters(version: 7) == [6, 22, 38])
        #expect(QRTables.alignmentPatternCenters(version: 32) == [6, 34, 60, 86, 112, 138])
        #expect(QRTables.alignmentPatternCenters(version: 40) == [6, 30, 58, 86, 114, 142, 170])
    }

    @Test func penaltyRules() {
        #expect(QRPenalty.runs([true, true, true, true]) == 0)
        #expect(QRPenalty.runs([true, true, true, true, true, false]) == 3)
        #expect(QRPenalty.runs([false, false, false, false, false, false, false]) == 5)
        let finder: [Bool] = [true, false, true, true, true, false, true]
        let light = [Bool](repeating: false, count: 4)
        #expect(QRPenalty.finderLikePatterns(light + finder + [true]) == 40)
        #expect(QRPenalty.finderLikePatterns([true] + finder + [true]) == 0)
        // At the edge the quiet zone counts as the light side.
        #expect(QRPenalty.finderLikePatterns(finder + [true]) == 40)
        #expect(QRPenalty.blocks([true, true, true, true], size: 2) == 3)
        #expect(QRPenalty.blocks([Bool](repeating: false, count: 9), size: 3) == 12)
        #expect(QRPenalty.balance([true, false]) == 0)
        #expect(QRPenalty.balance([true, true, true, false]) == 50)
        #expect(QRPenalty.balance([Bool](repeating: true, count: 55) + [Bool](repeating: false, count: 45)) == 10)
    }
}
