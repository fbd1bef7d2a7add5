import Foundation
import RampartCore

/// AWS as the relying party of one SAML provider: which issuer it takes, at which endpoints
/// (Recipient, Audience) an assertion must be aimed, and for how long it is good. The endpoints are
/// AWS's sign-in endpoints of the role's partition, global or regional
/// (`https://signin.aws.amazon.com/saml`, `https://REGION.signin.aws.amazon.com/saml`, the `/static/saml`
/// form, `/saml/acs/PROVIDER-UUID` for a provider with encryption), and for Audience also the
/// `urn:amazon:webservices` names IdPs use.
struct SAMLRelyingParty {
    /// How far the IdP's clock may be from ours, either way.
    static let clockSkew: TimeInterval = 60

    let entityID: String
    let partition: Partition
    let providerUUID: String

    var signInDomain: String {
        switch partition {
        case .china: "signin.amazonaws.cn"
        case .govCloud: "signin.amazonaws-us-gov.com"
        default: "signin.aws.amazon.com"
        }
    }

    var audienceURNs: [String] {
        switch partition {
        case .china: ["urn:amazon:webservices:cn-north-1", "urn:amazon:webservices"]
        case .govCloud: ["urn:amazon:webservices:govcloud", "urn:amazon:webservices"]
        default: ["urn:amazon:webservices"]
        }
    }

    func check(_ assertion: SAMLAssertion, now: Date) throws(AWSError) {
        guard assertion.issuer == entityID else {
            throw .invalidIdentityToken("Issuer not present in specified provider")
        }
        guard isSignInEndpoint(assertion.recipient) else {
            throw .invalidIdentityToken(
                "Invalid SAML response: the Recipient \(assertion.recipient) is not an AWS sign-in endpoint.")
        }
        guard assertion.audiences.contains(where: { isSignInEndpoint($0) || audienceURNs.contains($0) }) else {
            throw .invalidIdentityToken("Invalid SAML response: no Audience of the assertion is AWS.")
        }
        if let notBefore = assertion.notBefore, notBefore > now.addingTimeInterval(Self.clockSkew) {
            throw .invalidIdentityToken("Invalid SAML response: the assertion is not valid yet (NotBefore).")
        }
        for limit in [assertion.subjectNotOnOrAfter, assertion.notOnOrAfter].compactMap({ $0 })
        where limit.addingTimeInterval(Self.clockSkew) <= now {
            throw .expiredToken("Token must be redeemed within 5 minutes of issuance")
        }
        if let session = assertion.sessionNotOnOrAfter, session <= now {
            throw .expiredToken("Invalid SAML response: the session ended at SessionNotOnOrAfter.")
        }
    }

    /// The latest moment the assertion could still be accepted: until then its ID is remembered.
    func acceptedUntil(_ assertion: SAMLAssertion) -> Date {
        max(assertion.subjectNotOnOrAfter, assertion.notOnOrAfter ?? .distantPast).addingTimeInterval(Self.clockSkew)
    }

    func isSignInEndpoint(_ url: String) -> Bool {
        guard url.hasPrefix("https://") else { return false }
        let rest = url.dropFirst("https://".count)
        guard let slash = rest.firstIndex(of: "/") else { return false }
        let host = rest[..<slash].lowercased()
        let path = String(rest[slash...])
        let domain = signInDomain
        if host != domain {
            guard host.hasSuffix("." + domain) else { return false }
            let region = host.dropLast(domain.count + 1)
            guard !region.isEmpty, region.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") })
            else { return false }
        }
        return path == "/saml" || path == "/static/saml" || path == "/saml/acs/\(providerUUID)"
    }
}
