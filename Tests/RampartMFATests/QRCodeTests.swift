import Testing

@testable import RampartMFA

@Suite struct QRCodeTests {
    @Test(arguments: SymbolFixture.names)
    func matchesIndependentEncoderWithTheSameMask(name: String) throws {
        let fixture = try SymbolFixture(name)
        let code = try QRCode.encode(
            fixture.data, errorCorrection: fixture.errorCorrection, version: nil, mask: fixture.mask)
        #expect(code.version == fixture.version)
        #expect(code.size == fixture.size)
        #expect(code.size == 17 + 4 * code.version)
        #expect(Self.differences(code.modules, fixture.modules, size: code.size) == nil)
    }

    /// Where segno's own mask choice and this encoder's coincide, the fixture stores that mask; a fixture that had to
    /// force this encoder's mask says so with a different `oracle-mask`, and is only checked for stability.
    @Test(arguments: SymbolFixture.names)
    func choosesTheMaskByPenalty(name: String) throws {
        let fixture = try SymbolFixture(name)
        let code = try QRCode.encode(fixture.data, errorCorrection: fixture.errorCorrection)
        #expect(code.mask == fixture.mask)
        #expect(Self.differences(code.modules, fixture.modules, size: code.size) == nil)
    }

    @Test func everyFixtureMaskIsTheOraclesOwnChoice() throws {
        for name in SymbolFixture.names {
            let fixture = try SymbolFixture(name)
            #expect(fixture.mask == fixture.oracleMask, "\(name)")
        }
    }

    /// Every version at every level, filled to capacity, against segno's symbols (compared by CRC-32 to keep the
    /// fixture small). Exercises the block tables, interleaving, alignment patterns, version information and all
    /// eight masks.
    @Test func allVersionsAndLevelsMatchIndependentEncoder() throws {
        let lines = try Fixtures.lines("qr-all-versions.txt")
        #expect(lines.count == 160)
        for line in lines {
            let fields = line.split(separator: " ").map(String.init)
            let version = Int(fields[0])!
            let level = Fixtures.level(fields[1])!
            let mask = Int(fields[2])!
            let length = Int(fields[3])!
            let data = (0..<length).map { UInt8(($0 * 37 + version * 11) % 256) }
            let code = try QRCode.encode(data, errorCorrection: level, version: version, mask: mask)
            let crc = CRC32.checksum(code.modules.map { $0 ? UInt8(1) : 0 })
            #expect(String(crc, radix: 16).leftPadded(to: 8) == fields[4], "version \(version) \(fields[1])")
            // Filled to capacity: one byte more needs the next version.
            let bigger = data + [0]
            #expect(throws: QRCodeError.tooLong(length + 1)) {
                try QRCode.encode(bigger, errorCorrection: level, version: version, mask: mask)
            }
        }
    }

    @Test func blockStructureMatchesTheStandardsTable() throws {
        for line in try Fixtures.lines("qr-block-structure.txt") {
            let fields = line.split(separator: " ").map(String.init)
            let version = Int(fields[0])!
            let level = Fixtures.level(fields[1])!
            let structure = QRBlockStructure(
                version: version, errorCorrection: level,
                totalCodewords: QRMatrixBuilder(version: version).dataModuleCount / 8)
            #expect(
                [
                    structure.totalCodewords, structure.dataCodewords, structure.blockCount,
                    structure.errorCorrectionPerBlock,
                ] == fields[2...].map { Int($0)! }, "\(line)")
            #expect(structure.dataLengths.reduce(0, +) == structure.dataCodewords)
        }
    }

    @Test func picksTheSmallestVersionThatFits() throws {
        // Version 1 at L holds 17 bytes; at H, 7.
        #expect(try QRCode.encode([UInt8](repeating: 65, count: 17), errorCorrection: .low).version == 1)
        #expect(try QRCode.encode([UInt8](repeating: 65, count: 18), errorCorrection: .low).version == 2)
        #expect(try QRCode.encode([UInt8](repeating: 65, count: 7), errorCorrection: .high).version == 1)
        #expect(try QRCode.encode("", errorCorrection: .medium).version == 1)
    }

    @Test func refusesDataBeyondVersion40() throws {
        // Version 40 at L holds 2953 bytes.
        #expect(try QRCode.encode([UInt8](repeating: 0, count: 2953), errorCorrection: .low).version == 40)
        #expect(throws: QRCodeError.tooLong(2954)) {
            try QRCode.encode([UInt8](repeating: 0, count: 2954), errorCorrection: .low)
        }
        #expect(throws: QRCodeError.tooLong(1274)) {
            try QRCode.encode([UInt8](repeating: 0, count: 1274), errorCorrection: .high)
        }
    }

    @Test func stringEncodesItsUTF8() throws {
        #expect(try QRCode.encode("Zürich") == QRCode.encode(Array("Zürich".utf8)))
    }

    @Test func subscriptIsColumnThenRow() throws {
        let code = try QRCode.encode("subscript")
        // The dark module sits at column 8, row size - 8; the module mirrored across the diagonal is data.
        #expect(code[8, code.size - 8])
        for y in 0..<code.size {
            for x in 0..<code.size {
                #expect(code[x, y] == code.modules[y * code.size + x])
            }
        }
    }

    /// nil when equal, else a short description (printing whole matrices buries the failure).
    static func differences(_ actual: [Bool], _ expected: [Bool], size: Int) -> String? {
        guard actual.count == expected.count else { return "sizes differ" }
        let wrong = actual.indices.filter { actual[$0] != expected[$0] }
        guard !wrong.isEmpty else { return nil }
        return "\(wrong.count) modules differ, first at "
            + wrong.prefix(5).map { "(\($0 % size), \($0 / size))" }
            .joined(separator: " ")
    }
}

extension String {
    func leftPadded(to length: Int) -> String {
        String(repeating: "0", count: max(0, length - count)) + self
    }
}
