import Testing

@testable import RampartMFA

@Suite struct OTPAuthURITests {
    static let secret = Array("12345678901234567890".utf8)

    @Test func withIssuer() {
        let uri = OTPAuthURI.totp(
            label: "alice@example.com", issuer: "Rampart", secret: Self.secret, parameters: .standard)
        #expect(
            uri == "otpauth://totp/Rampart:alice@example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                + "&issuer=Rampart&algorithm=SHA1&digits=6&period=30")
    }

    @Test func withoutIssuer() {
        let uri = OTPAuthURI.totp(
            label: "root", issuer: nil, secret: [0xff],
            parameters: OTPParameters(algorithm: .sha512, digits: 8, period: 60))
        #expect(uri == "otpauth://totp/root?secret=74&algorithm=SHA512&digits=8&period=60")
    }

    @Test func percentEncodesEverythingButUnreservedCharacters() {
        let uri = OTPAuthURI.totp(
            label: "my device:1/ü@x", issuer: "Acme & Co:", secret: [], parameters: .standard)
        #expect(
            uri == "otpauth://totp/Acme%20%26%20Co%3A:my%20device%3A1%2F%C3%BC@x?secret="
                + "&issuer=Acme%20%26%20Co%3A&algorithm=SHA1&digits=6&period=30")
        let unreserved = "AZaz09-._~"
        #expect(
            OTPAuthURI.totp(label: unreserved, issuer: unreserved, secret: [], parameters: .standard)
                .hasPrefix("otpauth://totp/\(unreserved):\(unreserved)?"))
    }
}
