import Crypto

/// The relying party both ceremonies verify against: its RP id, the web origins its pages are served from, and its
/// default user verification requirement.
public struct RelyingParty: Sendable, Equatable {
    /// A registrable domain such as "example.org", or "localhost".
    public let id: String
    /// The exact `clientData.origin` values accepted, such as "https://example.org" or "http://localhost:8080";
    /// compared as strings, with no normalisation or subdomain matching.
    public let origins: Set<String>
    public let userVerification: UserVerificationRequirement
    /// SHA-256 of `id`, which authenticator data must carry as rpIdHash.
    public let idHash: [UInt8]

    public init(id: String, origins: Set<String>, userVerification: UserVerificationRequirement = .preferred) {
        self.id = id
        self.origins = origins
        self.userVerification = userVerification
        self.idHash = Array(SHA256.hash(data: Array(id.utf8)))
    }
}
