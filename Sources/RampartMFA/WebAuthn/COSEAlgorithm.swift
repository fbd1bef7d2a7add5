/// The COSE signature algorithms (IANA "COSE Algorithms" registry) this relying party verifies.
public enum COSEAlgorithm: Int, CaseIterable, Sendable, CustomStringConvertible {
    /// ECDSA over P-256 with SHA-256; WebAuthn carries the signature DER-encoded.
    case es256 = -7
    /// EdDSA; only over Ed25519 here.
    case eddsa = -8
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    case rs256 = -257

    /// The algorithm for a COSE number, or `unsupportedAlgorithm` for any other number.
    public init(coseIdentifier: Int) throws(WebAuthnError) {
        guard let algorithm = COSEAlgorithm(rawValue: coseIdentifier) else {
            throw .unsupportedAlgorithm(coseIdentifier)
        }
        self = algorithm
    }

    public var description: String {
        switch self {
        case .es256: "ES256"
        case .eddsa: "EdDSA"
        case .rs256: "RS256"
        }
    }
}
