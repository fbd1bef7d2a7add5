import Testing

@testable import RampartMFA

@Suite struct HOTPTests {
    static let secret = Array("12345678901234567890".utf8)

    /// RFC 4226 Appendix D.
    @Test(
        arguments: zip(
            0..<10,
            ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"]))
    func rfc4226Vectors(counter: Int, expected: String) {
        #expect(HOTP.code(secret: Self.secret, counter: UInt64(counter), digits: 6, algorithm: .sha1) == expected)
    }

    /// Appendix D also lists the truncated 31-bit values; ten digits show them whole.
    @Test func truncatedValues() {
        #expect(HOTP.code(secret: Self.secret, counter: 0, digits: 10, algorithm: .sha1) == "1284755224")
        #expect(HOTP.code(secret: Self.secret, counter: 9, digits: 10, algorithm: .sha1) == "0645520489")
    }

    @Test func zeroPadsToTheRequestedLength() {
        // Counter 7's value is 82162583 (Appendix D): ten digits keep its leading zeros.
        #expect(HOTP.code(secret: Self.secret, counter: 7, digits: 10, algorithm: .sha1) == "0082162583")
        #expect(HOTP.code(secret: Self.secret, counter: 7, digits: 8, algorithm: .sha1) == "82162583")
        #expect(HOTP.code(secret: Self.secret, counter: 2, digits: 10, algorithm: .sha1) == "0137359152")
    }
}
