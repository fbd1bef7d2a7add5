/// The `otpauth://` URI authenticator apps scan from a QR code (the Key Uri Format that Google Authenticator
/// defined and other apps follow).
public enum OTPAuthURI {
    /// `otpauth://totp/ISSUER:LABEL?secret=BASE32&issuer=ISSUER&algorithm=SHA1&digits=6&period=30`; without an
    /// issuer, `otpauth://totp/LABEL?secret=…` with no `issuer` parameter. The issuer appears twice because older
    /// apps read only the prefix and newer ones prefer the parameter.
    public static func totp(label: String, issuer: String?, secret: [UInt8], parameters: OTPParameters) -> String {
        var path = encode(label, keeping: [UInt8(ascii: "@")])
        var query = "secret=" + Base32.encode(secret)
        if let issuer {
            path = encode(issuer, keeping: []) + ":" + path
            query += "&issuer=" + encode(issuer, keeping: [])
        }
        query += "&algorithm=\(parameters.algorithm.rawValue)&digits=\(parameters.digits)&period=\(parameters.period)"
        return "otpauth://totp/" + path + "?" + query
    }

    /// Percent-encodes the UTF-8 bytes of `text`, keeping RFC 3986's unreserved characters and `extra`. A ':' in
    /// the issuer or label is encoded, so the one separating them stays unambiguous.
    private static func encode(_ text: String, keeping extra: Set<UInt8>) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var output: [UInt8] = []
        for byte in text.utf8 {
            if isUnreserved(byte) || extra.contains(byte) {
                output.append(byte)
            } else {
                output += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0f)]]
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            true
        default: false
        }
    }
}
