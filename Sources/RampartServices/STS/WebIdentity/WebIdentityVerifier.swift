import Foundation
import RampartCore

/// Checks a web identity token against the provider the role's account registered for its issuer:
/// the signature with one of the issuer's published keys, then the times and the audience. Only a
/// token that passes says anything a trust policy may weigh.
struct WebIdentityVerifier {
    /// How far the issuer's clock may be from ours, for `exp`, `nbf` and `iat` alike.
    static let clockSkew: TimeInterval = 300

    let keys: IssuerKeyCache

    /// The facts of a verified token.
    struct Verified {
        var token: WebIdentityToken
        var subject: String
        /// The audience that matched one of the provider's client ids.
        var audience: String
    }

    func verify(_ token: WebIdentityToken, provider: OpenIDConnectProvider, now: Date) async throws(AWSError)
        -> Verified
    {
        // Before any key is looked at: an algorithm outside the list is `none`, an HMAC (a public key
        // taken for a shared secret) or something AWS does not take either.
        guard let name = token.algorithm, let algorithm = JSONWebAlgorithm(rawValue: name) else {
            throw .invalidIdentityToken(
                "Unsupported signing algorithm: \(token.algorithm ?? "none"). "
                    + "Supported: \(JSONWebAlgorithm.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        let candidates = try await keys.keys(issuer: provider.url, keyId: token.keyId, now: now)
        guard !candidates.isEmpty else { throw .verificationKeyUnavailable }
        guard candidates.contains(where: { $0.verifies(token.signature, over: token.signingInput, with: algorithm) })
        else { throw .unverifiableToken }

        let epoch = now.timeIntervalSince1970
        guard let expires = token.date("exp") else { throw .invalidIdentityToken("Missing claim 'exp'.") }
        guard epoch < expires + Self.clockSkew else {
            throw .expiredToken(
                "Token expired: current date/time \(Int(epoch)) must be before the expiration date/time "
                    + "\(Int(expires))")
        }
        if token.has("nbf") {
            guard let notBefore = token.date("nbf") else { throw .invalidIdentityToken("Claim 'nbf' is not a date.") }
            guard epoch + Self.clockSkew >= notBefore else {
                throw .invalidIdentityToken("Token is not valid before \(Int(notBefore)); it is \(Int(epoch)).")
            }
        }
        guard let issuedAt = token.date("iat") else { throw .invalidIdentityToken("Missing claim 'iat'.") }
        guard issuedAt <= epoch + Self.clockSkew else {
            throw .invalidIdentityToken("Token was issued in the future (iat \(Int(issuedAt)), now \(Int(epoch))).")
        }
        guard let audience = token.audiences.first(where: provider.clientIDs.contains) else {
            throw .invalidIdentityToken("Incorrect token audience")
        }
        guard let subject = token.string("sub"), !subject.isEmpty else {
            throw .invalidIdentityToken("Missing claim 'sub'.")
        }
        return Verified(token: token, subject: subject, audience: audience)
    }
}
