import Testing

@testable import RampartMFA

@Suite struct Base32Tests {
    /// RFC 4648 section 10, without the padding.
    @Test(arguments: [
        ("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"), ("fooba", "MZXW6YTB"),
        ("foobar", "MZXW6YTBOI"),
    ])
    func rfc4648Vectors(plain: String, encoded: String) {
        #expect(Base32.encode(Array(plain.utf8)) == encoded)
        #expect(Base32.decode(encoded) == Array(plain.utf8))
    }

    @Test func decodesPaddedLowerCaseAndSpacedForms() {
        #expect(Base32.decode("MY======") == Array("f".utf8))
        #expect(Base32.decode("mzxw6ytboi") == Array("foobar".utf8))
        #expect(Base32.decode("MZXW 6YTB OI") == Array("foobar".utf8))
        #expect(Base32.decode("MZXW6YQ=") == Array("foob".utf8))
    }

    @Test func roundTripsEveryLength() {
        for length in 0...70 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 * 73 + length) }
            let encoded = Base32.encode(bytes)
            #expect(encoded.count == (length * 8 + 4) / 5)
            #expect(Base32.decode(encoded) == bytes)
        }
    }

    @Test func aTwentyByteSecretIsThirtyTwoCharacters() {
        #expect(Base32.encode([UInt8](repeating: 0xff, count: 20)) == String(repeating: "7", count: 32))
    }

    @Test(arguments: ["M", "MZX", "MZXW6Y", "MZXW6YTBO", "MZ1W", "MZ8W", "MZ=XW", "MZXW-6YTB", "MZXW\t", "É"])
    func refusesBadInput(text: String) {
        #expect(Base32.decode(text) == nil)
    }
}
