import Foundation
import RampartCore

/// The claims of a token `GetWebIdentityToken` issues, as AWS documents them ("Understanding token
/// claims"): the standard ones at the top (`sub` is the IAM user's or role's ARN, not a session's),
/// AWS's own and the caller's request tags under the `https://sts.amazonaws.com/` namespace.
struct OutboundTokenClaims {
    static let namespace = "https://sts.amazonaws.com/"
    /// Rampart's bound on the encoded claims: AWS refuses a payload too large with
    /// JWTPayloadSizeExceededException but publishes no figure. Ten audiences of 1,000 characters
    /// fit; fifty tags of the longest keys and values do not.
    static let maximumPayloadBytes = 16_384

    var issuer: String
    var subject: String
    var audiences: [String]
    var issuedAt: Date
    var expiresAt: Date
    var tokenId: String
    var account: AccountID
    var region: String
    var organizationId: String?
    var organizationPath: String?
    var principalTags: [Tag]
    var requestTags: [Tag]

    /// The payload's JSON, keys sorted.
    func encoded() -> [UInt8] {
        var aws: [String: Any] = ["aws_account": account.rawValue, "source_region": region]
        if let organizationId { aws["org_id"] = organizationId }
        if let organizationPath { aws["ou_path"] = organizationPath }
        if !principalTags.isEmpty { aws["principal_tags"] = Self.object(principalTags) }
        if !requestTags.isEmpty { aws["request_tags"] = Self.object(requestTags) }
        let issued = Int(issuedAt.timeIntervalSince1970)
        let claims: [String: Any] = [
            "iss": issuer, "sub": subject,
            // One audience is a string, as in AWS's sample token; several an array (RFC 7519, 4.1.3).
            "aud": audiences.count == 1 ? audiences[0] as Any : audiences as Any,
            "iat": issued, "nbf": issued, "exp": Int(expiresAt.timeIntervalSince1970), "jti": tokenId,
            Self.namespace: aws,
        ]
        return OutboundIssuer.json(claims)
    }

    private static func object(_ tags: [Tag]) -> [String: String] {
        Dictionary(tags.map { ($0.key, $0.value) }) { _, last in last }
    }
}
