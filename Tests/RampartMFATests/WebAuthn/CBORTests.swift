import Testing

@testable import RampartMFA

@Suite struct CBORTests {
    static func decode(_ bytes: [UInt8]) -> Result<CBOR, WebAuthnError> {
        Result { () throws(WebAuthnError) in try CBOR(bytes: bytes) }
    }

    static func isMalformed(_ bytes: [UInt8]) -> Bool {
        if case .failure(.malformedCBOR) = decode(bytes) { true } else { false }
    }

    /// RFC 8949 Appendix A examples.
    @Test func rfcExamples() throws {
        #expect(try CBOR(bytes: [0x00]) == .unsigned(0))
        #expect(try CBOR(bytes: [0x17]) == .unsigned(23))
        #expect(try CBOR(bytes: [0x18, 0x18]) == .unsigned(24))
        #expect(try CBOR(bytes: [0x19, 0x03, 0xe8]) == .unsigned(1000))
        #expect(try CBOR(bytes: [0x1a, 0x00, 0x0f, 0x42, 0x40]) == .unsigned(1_000_000))
        #expect(try CBOR(bytes: [0x20]) == .negative(0))
        #expect(try CBOR(bytes: [0x20]).intValue == -1)
        #expect(try CBOR(bytes: [0x38, 0x63]).intValue == -100)
        #expect(try CBOR(bytes: [0x39, 0x01, 0x00]).intValue == -257)
        #expect(try CBOR(bytes: [0x40]) == .bytes([]))
        #expect(try CBOR(bytes: [0x44, 1, 2, 3, 4]) == .bytes([1, 2, 3, 4]))
        #expect(try CBOR(bytes: [0x62, 0xc3, 0xbc]) == .text("ü"))
        #expect(try CBOR(bytes: [0x83, 0x01, 0x02, 0x03]) == .array([.unsigned(1), .unsigned(2), .unsigned(3)]))
        #expect(try CBOR(bytes: [0xa2, 0x61, 0x61, 0x01, 0x61, 0x62, 0x02]).mapValue?["b"] == .unsigned(2))
        #expect(try CBOR(bytes: [0xc1, 0x1a, 0x51, 0x4b, 0x67, 0xb0]) == .tagged(1, .unsigned(1_363_896_240)))
        #expect(try CBOR(bytes: [0xf4]) == .bool(false))
        #expect(try CBOR(bytes: [0xf5]) == .bool(true))
        #expect(try CBOR(bytes: [0xf6]) == .null)
        #expect(try CBOR(bytes: [0xf7]) == .undefined)
        #expect(try CBOR(bytes: [0xf0]) == .simple(16))
        #expect(try CBOR(bytes: [0xf8, 0xff]) == .simple(255))
        #expect(try CBOR(bytes: [0xf9, 0x3c, 0x00]) == .float(1.0))
        #expect(try CBOR(bytes: [0xf9, 0xc4, 0x00]) == .float(-4.0))
        #expect(try CBOR(bytes: [0xf9, 0x00, 0x01]) == .float(5.960464477539063e-8))
        #expect(try CBOR(bytes: [0xf9, 0x7c, 0x00]) == .float(.infinity))
        #expect(try CBOR(bytes: [0xfa, 0x47, 0xc3, 0x50, 0x00]) == .float(100_000.0))
        #expect(try CBOR(bytes: [0xfb, 0x3f, 0xf1, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9a]) == .float(1.1))
    }

    @Test func sixtyFourBitIntegers() throws {
        let maximum: [UInt8] = [0x1b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]
        #expect(try CBOR(bytes: maximum) == .unsigned(UInt64.max))
        #expect(try CBOR(bytes: maximum).intValue == nil)
        // -2^64, the most negative CBOR integer: representable, but not as an Int.
        let minimum: [UInt8] = [0x3b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]
        #expect(try CBOR(bytes: minimum) == .negative(UInt64.max))
        #expect(try CBOR(bytes: minimum).intValue == nil)
        #expect(try CBOR(bytes: [0x3b, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]).intValue == Int.min)
        #expect(try CBOR(bytes: [0x1b, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]).intValue == Int.max)
        #expect(try CBOR(bytes: [0x1b, 0x80, 0, 0, 0, 0, 0, 0, 0]).intValue == nil)
        for value in [0, 1, -1, 23, 24, -24, -25, 255, 256, -257, 65_536, Int.max, Int.min] {
            #expect(try CBOR(bytes: CBOREncoder.encode(CBOR(value))).intValue == value)
        }
    }

    /// Not shortest form, but the same value: accepted (documented).
    @Test func nonMinimalArgumentsAreAccepted() throws {
        #expect(try CBOR(bytes: [0x18, 0x05]) == .unsigned(5))
        #expect(try CBOR(bytes: [0x59, 0x00, 0x01, 0xaa]) == .bytes([0xaa]))
    }

    @Test func truncatedInput() {
        #expect(Self.isMalformed([]))
        #expect(Self.isMalformed([0x18]))
        #expect(Self.isMalformed([0x19, 0x01]))
        #expect(Self.isMalformed([0x1b, 0, 0, 0, 0, 0, 0, 0]))
        #expect(Self.isMalformed([0x44, 1, 2, 3]))
        #expect(Self.isMalformed([0x63, 0x61, 0x62]))
        #expect(Self.isMalformed([0x82, 0x01]))
        #expect(Self.isMalformed([0xa1, 0x01]))
        #expect(Self.isMalformed([0xc1]))
        #expect(Self.isMalformed([0xf9, 0x3c]))
        #expect(Self.isMalformed([0xf8]))
        // Every prefix of a well-formed COSE key is refused, none crashes.
        let key = WebAuthnFixtures.b64(WebAuthnFixtures.localhostCase("auth_ok_rs256").credentialPublicKey!)
        for length in 0..<key.count {
            #expect(Self.isMalformed(Array(key.prefix(length))))
        }
        #expect(!Self.isMalformed(key))
    }

    /// Lengths and counts far beyond the input fail before anything of that size is allocated.
    @Test func hugeDeclaredLengths() {
        let huge: [UInt8] = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]
        #expect(Self.isMalformed([0x5b] + huge))
        #expect(Self.isMalformed([0x7b] + huge))
        #expect(Self.isMalformed([0x9b] + huge))
        #expect(Self.isMalformed([0xbb] + huge))
        #expect(Self.isMalformed([0x5a, 0x7f, 0xff, 0xff, 0xff, 0x00]))
        #expect(Self.isMalformed([0x9a, 0x00, 0x10, 0x00, 0x00] + [UInt8](repeating: 0, count: 100)))
        // A map of n entries needs at least 2n bytes.
        #expect(Self.isMalformed([0xa3, 0x01, 0x02, 0x03, 0x04, 0x05]))
        #expect(Self.decode([0xa2, 0x01, 0x02, 0x03, 0x04]).isSuccess)
    }

    @Test func depthBomb() {
        // 16 nested arrays are allowed; 17 are not; 100,000 fail cleanly rather than exhausting the stack.
        #expect(Self.decode([UInt8](repeating: 0x81, count: 15) + [0x80]).isSuccess)
        #expect(Self.decode([UInt8](repeating: 0x81, count: 16) + [0x00]).isSuccess)
        #expect(Self.isMalformed([UInt8](repeating: 0x81, count: 16) + [0x80]))
        #expect(Self.isMalformed([UInt8](repeating: 0x81, count: 100_000) + [0x00]))
        #expect(Self.isMalformed([UInt8](repeating: 0xa1, count: 100_000)))
        #expect(Self.isMalformed([UInt8](repeating: 0xc6, count: 100_000) + [0x00]))
        // Maps and tags count too.
        #expect(Self.isMalformed([UInt8](repeating: 0xc6, count: 17) + [0x00]))
        #expect(Self.decode([UInt8](repeating: 0xc6, count: 16) + [0x00]).isSuccess)
    }

    @Test func duplicateMapKeysAreRefused() {
        #expect(Self.isMalformed([0xa2, 0x01, 0x02, 0x01, 0x03]))
        #expect(Self.isMalformed([0xa2, 0x61, 0x61, 0x01, 0x61, 0x61, 0x02]))
        #expect(Self.isMalformed([0xa2, 0x41, 0x00, 0x01, 0x41, 0x00, 0x02]))
        // Equal-looking but different keys: text "a" and bytes "a", 1 and -2.
        #expect(Self.decode([0xa2, 0x61, 0x61, 0x01, 0x41, 0x61, 0x02]).isSuccess)
        #expect(Self.decode([0xa2, 0x01, 0x01, 0x21, 0x02]).isSuccess)
    }

    @Test func indefiniteLengthsAndReservedValuesAreRefused() {
        #expect(Self.isMalformed([0x5f, 0x41, 0x00, 0xff]))
        #expect(Self.isMalformed([0x7f, 0x61, 0x61, 0xff]))
        #expect(Self.isMalformed([0x9f, 0x01, 0xff]))
        #expect(Self.isMalformed([0xbf, 0x01, 0x02, 0xff]))
        #expect(Self.isMalformed([0xff]))
        #expect(Self.isMalformed([0x1c]))
        #expect(Self.isMalformed([0x3e]))
        #expect(Self.isMalformed([0xfc]))
        #expect(Self.isMalformed([0x1f]))
        // Simple values below 32 have a one-byte form only.
        #expect(Self.isMalformed([0xf8, 0x14]))
    }

    @Test func invalidUTF8IsRefused() {
        #expect(Self.isMalformed([0x62, 0xc3, 0x28]))
        #expect(Self.isMalformed([0x61, 0xff]))
    }

    @Test func trailingBytes() throws {
        #expect(Self.isMalformed([0x01, 0x02]))
        let (item, length) = try CBOR.decodePrefix([0x82, 0x01, 0x02, 0xa0, 0xff][...])
        #expect(item == .array([.unsigned(1), .unsigned(2)]))
        #expect(length == 3)
        // A prefix decode of a slice reports the length within the slice.
        let bytes: [UInt8] = [0xee, 0xee, 0x43, 1, 2, 3, 0x00]
        let (tail, tailLength) = try CBOR.decodePrefix(bytes[2...])
        #expect(tail == .bytes([1, 2, 3]))
        #expect(tailLength == 4)
    }

    @Test func encoderRoundTrip() throws {
        let item = CBOR.map([
            (.text("fmt"), .text("packed")), (CBOR(-7), .array([.bytes([1, 2]), .null, .bool(true)])),
            (.unsigned(UInt64.max), .tagged(24, .negative(UInt64.max))),
        ])
        #expect(try CBOR(bytes: CBOREncoder.encode(item)) == item)
    }
}

extension Result {
    var isSuccess: Bool { if case .success = self { true } else { false } }
    var isFailure: Bool { !isSuccess }
}
