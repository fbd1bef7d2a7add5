import Crypto

/// An HMAC with its key already absorbed. Setting up the key costs about as much as the MAC of a short message, so
/// a verifier that computes several codes per check keys it once and copies this for each code.
enum KeyedHMAC: Sendable {
    case sha1(HMAC<Insecure.SHA1>)
    case sha256(HMAC<SHA256>)
    case sha512(HMAC<SHA512>)

    init(algorithm: OTPAlgorithm, key: [UInt8]) {
        let key = SymmetricKey(data: key)
        switch algorithm {
        case .sha1: self = .sha1(HMAC(key: key))
        case .sha256: self = .sha256(HMAC(key: key))
        case .sha512: self = .sha512(HMAC(key: key))
        }
    }

    /// The MAC of `message`; `self` is a value, so each call starts from the freshly keyed state.
    func authenticationCode(for message: UnsafeRawBufferPointer) -> [UInt8] {
        switch self {
        case .sha1(var mac):
            mac.update(data: message)
            return Array(mac.finalize())
        case .sha256(var mac):
            mac.update(data: message)
            return Array(mac.finalize())
        case .sha512(var mac):
            mac.update(data: message)
            return Array(mac.finalize())
        }
    }
}
