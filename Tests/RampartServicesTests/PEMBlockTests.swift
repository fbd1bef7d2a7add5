import Foundation
import Testing

@testable import RampartServices

@Suite struct PEMBlockTests {
    @Test func readsEveryBlockInOrder() throws {
        let blocks = try PEMBlock.parseAll(
            KeyMaterialFixtures.leafCertificate + "\n" + KeyMaterialFixtures.caCertificate)
        #expect(blocks.map(\.label) == ["CERTIFICATE", "CERTIFICATE"])
        #expect(blocks[0].der.first == 0x30)
    }

    @Test func toleratesCRLFBlankLinesAndOtherLineLengths() throws {
        let strict = try PEMBlock.parseAll(KeyMaterialFixtures.leafCertificate)
        let base64 = Data(strict[0].der).base64EncodedString()
        let relaxed = "\r\n\r\n-----BEGIN CERTIFICATE-----  \r\n\(base64)\r\n-----END CERTIFICATE-----\r\n\r\n"
        #expect(try PEMBlock.parseAll(relaxed) == strict)
    }

    @Test func roundTripsThroughItsText() throws {
        let block = try PEMBlock.parseAll(KeyMaterialFixtures.caCertificate)[0]
        #expect(try PEMBlock.parseAll(block.text) == [block])
        #expect(block.text.split(separator: "\n").dropFirst().dropLast().allSatisfy { $0.count <= 64 })
    }

    @Test func refusesWhatIsNotPEM() {
        let base64 = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"
        let cases: [(String, PEMBlock.ParseError)] = [
            ("", .noBlock),
            ("just text", .textOutsideBlocks),
            ("Certificate:\n  Data: …\n" + KeyMaterialFixtures.caCertificate, .textOutsideBlocks),
            ("-----BEGIN CERTIFICATE-----\n\(base64)\n", .unterminated),
            ("-----BEGIN CERTIFICATE-----\n\(base64)\n-----END PUBLIC KEY-----", .mismatchedEnd),
            (
                "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n\(base64)\n-----END RSA PRIVATE KEY-----",
                .headers
            ),
            ("-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----", .invalidBase64),
            ("-----BEGIN CERTIFICATE-----\nAAA\n-----END CERTIFICATE-----", .invalidBase64),
            ("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----", .invalidBase64),
            ("-----BEGIN -----\n-----END -----", .textOutsideBlocks),
        ]
        for (text, expected) in cases {
            #expect(throws: expected, "\(text)") { try PEMBlock.parseAll(text) }
        }
    }

    @Test func hugeInputIsReadInLinearTime() throws {
        // 2 MiB (the chain's limit) of one base64 line, and of many BEGIN lines without an END.
        let line = String(repeating: "A", count: 2 << 20)
        let start = ContinuousClock.now
        _ = try? PEMBlock.parseAll("-----BEGIN CERTIFICATE-----\n\(line)\n-----END CERTIFICATE-----")
        #expect(throws: PEMBlock.ParseError.unterminated) {
            try PEMBlock.parseAll(String(repeating: "-----BEGIN X-----\n", count: 100_000))
        }
        #expect(throws: PEMBlock.ParseError.textOutsideBlocks) {
            try PEMBlock.parseAll(String(repeating: "-", count: 2 << 20))
        }
        #expect(ContinuousClock.now - start < .seconds(5))
    }
}

@Suite struct DERReaderTests {
    @Test func readsNestedElements() throws {
        var reader = DERReader([0x30, 0x06, 0x02, 0x01, 0x05, 0x02, 0x01, 0x07][...])
        var inner = DERReader(try reader.read(DERReader.sequence))
        #expect(try inner.readUnsignedInteger() == [5])
        #expect(try inner.readUnsignedInteger() == [7])
        #expect(inner.isAtEnd && reader.isAtEnd)
    }

    @Test func refusesTruncatedAndOversizedLengths() {
        let cases: [[UInt8]] = [
            [], [0x30], [0x30, 0x05, 0x02], [0x30, 0x80, 0x00, 0x00], [0x30, 0x85, 1, 1, 1, 1, 1],
            [0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xFF], [0x30, 0x82, 0x01],
        ]
        for bytes in cases {
            var reader = DERReader(bytes[...])
            #expect(throws: DERReader.Malformed.self, "\(bytes)") { try reader.read(DERReader.sequence) }
        }
        var negative = DERReader([0x02, 0x01, 0x80][...])
        #expect(throws: DERReader.Malformed.self) { try negative.readUnsignedInteger() }
    }

    @Test func writesLongLengths() throws {
        let content = [UInt8](repeating: 1, count: 300)
        let element = DERWriter.element(DERReader.sequence, content)
        #expect(Array(element.prefix(4)) == [0x30, 0x82, 0x01, 0x2C])
        var reader = DERReader(element[...])
        #expect(try reader.read(DERReader.sequence).count == 300)
    }
}
