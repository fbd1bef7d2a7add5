/// The algorithms `GetWebIdentityToken` signs with: AWS offers RSA PKCS #1 v1.5 with SHA-256 and ECDSA
/// on P-384 with SHA-384, nothing else.
enum OutboundSigningAlgorithm: String, Sendable, CaseIterable {
    case rs256 = "RS256"
    case es384 = "ES384"
}
