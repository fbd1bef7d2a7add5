/// What a verified attestation statement says about where the credential came from.
public enum AttestationType: Sendable, Equatable {
    /// Format "none": no statement, nothing known about the authenticator.
    case none
    /// Format "packed" signed with the credential key itself: proves possession of the key, nothing about the
    /// authenticator model.
    case packedSelf
    /// Format "packed" signed by an attestation certificate, leaf first (DER). The signature and the leaf's
    /// requirements were verified; the chain was NOT validated to any trust root (there is no metadata service), so
    /// the claimed authenticator model is unverified. Kept so a later step can evaluate it.
    case packedX5C(certificates: [[UInt8]])

    /// The attestation statement format: "none" or "packed".
    public var format: String {
        switch self {
        case .none: "none"
        case .packedSelf, .packedX5C: "packed"
        }
    }

    /// A short name for records: "none", "packed-self" or "packed-x5c".
    public var name: String {
        switch self {
        case .none: "none"
        case .packedSelf: "packed-self"
        case .packedX5C: "packed-x5c"
        }
    }

    /// Whether the attestation was traced to a trusted root: never, here.
    public var isTrustVerified: Bool { false }
}
