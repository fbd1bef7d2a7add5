/// The signature algorithms (RFC 7518, 3.1) a web identity token may name: RSA PKCS #1 v1.5 and
/// ECDSA with the NIST curves, as AWS accepts them. `none` and the HMAC algorithms are absent on
/// purpose: an unsigned token, or one "signed" with a public key used as an HMAC secret (the key
/// confusion attack), has no algorithm here and is refused before any key is looked at.
enum JSONWebAlgorithm: String, Sendable, CaseIterable {
    case rs256 = "RS256"
    case rs384 = "RS384"
    case rs512 = "RS512"
    case es256 = "ES256"
    case es384 = "ES384"
}
