import Crypto
import RampartCore

/// Task 3 of SigV4: `kSigning`, the key a secret access key derives for one day, region and
/// service, and the signature it makes.
///
///     kDate    = HMAC("AWS4" + secret, "20150830")
///     kRegion  = HMAC(kDate, "us-east-1")
///     kService = HMAC(kRegion, "iam")
///     kSigning = HMAC(kService, "aws4_request")
///
/// It keeps an HMAC already keyed with kSigning: copying that value and feeding it the string to
/// sign skips re-deriving HMAC's inner and outer pads on every request.
struct SigningKey: Sendable {
    private let keyed: HMAC<SHA256>
    /// kSigning itself, for tests against published values.
    let bytes: [UInt8]

    init(secretAccessKey: String, date: String, region: String, service: String) {
        var key = SymmetricKey(data: Array(("AWS4" + secretAccessKey).utf8))
        for part in [date, region, service, CredentialScope.terminator] {
            key = SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key))
        }
        keyed = HMAC<SHA256>(key: key)
        bytes = key.withUnsafeBytes { Array($0) }
    }

    /// The lower-case hex signature of `stringToSign`.
    func signature(of stringToSign: StringToSign) -> [UInt8] {
        var mac = keyed
        mac.update(data: stringToSign.bytes)
        return Hex.bytes(mac.finalize())
    }
}
