/// The hash behind an OTP device's HMAC. AWS's virtual MFA devices use SHA1; the others exist because RFC 6238 and
/// the otpauth URI format allow them and some authenticator apps honour them.
public enum OTPAlgorithm: String, Sendable, Codable, CaseIterable {
    case sha1 = "SHA1"
    case sha256 = "SHA256"
    case sha512 = "SHA512"
}
