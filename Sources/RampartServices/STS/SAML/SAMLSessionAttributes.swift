import Foundation
import RampartCore

/// The AWS attributes of a verified assertion (https://aws.amazon.com/SAML/Attributes/…): which role
/// and provider pairs the IdP grants, the session's name, its source identity and its tags.
struct SAMLSessionAttributes {
    static let prefix = "https://aws.amazon.com/SAML/Attributes/"
    static let role = prefix + "Role"
    static let roleSessionName = prefix + "RoleSessionName"
    static let sourceIdentity = prefix + "SourceIdentity"
    static let principalTag = prefix + "PrincipalTag:"
    static let transitiveTagKeys = prefix + "TransitiveTagKeys"

    var roleSessionName: String
    var sourceIdentity: String?
    var tags: [Tag] = []
    var transitiveKeys: [String] = []

    /// Reads the attributes, after checking the IdP granted the pair `roleArn`,`principalArn` (AWS
    /// takes the two ARNs in either order within one Role value).
    init(_ assertion: SAMLAssertion, roleArn: String, principalArn: String) throws(AWSError) {
        let granted = assertion.values(Self.role).contains { value in
            let parts = value.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            return parts.count == 2 && Set(parts) == [roleArn, principalArn]
        }
        guard granted else { throw .accessDenied("Not authorized to perform sts:AssumeRoleWithSAML") }

        let names = assertion.values(Self.roleSessionName)
        guard let name = names.first else {
            throw .invalidIdentityToken("RoleSessionName is required in AuthnResponse")
        }
        guard names.count == 1, (2...64).contains(name.count), name.allSatisfy(Self.isSessionNameCharacter) else {
            throw .invalidIdentityToken(
                "RoleSessionName in AuthnResponse must be 2 to 64 characters of [\\w+=,.@-]")
        }
        roleSessionName = name

        let identities = assertion.values(Self.sourceIdentity)
        if let identity = identities.first {
            guard identities.count == 1, (2...64).contains(identity.count),
                identity.allSatisfy(Self.isSessionNameCharacter), !identity.lowercased().hasPrefix("aws:")
            else { throw .invalidIdentityToken("SourceIdentity in AuthnResponse is not valid") }
            sourceIdentity = identity
        }

        for attribute in assertion.attributes where attribute.name.hasPrefix(Self.principalTag) {
            let key = String(attribute.name.dropFirst(Self.principalTag.count))
            guard attribute.values.count == 1, let value = attribute.values.first, (1...128).contains(key.count),
                value.count <= 256, !key.lowercased().hasPrefix("aws:"),
                !tags.contains(where: { $0.key.lowercased() == key.lowercased() })
            else { throw .invalidIdentityToken("The session tag \(key) of the SAML assertion is not valid.") }
            tags.append(Tag(key: key, value: value))
        }
        guard tags.count <= WebIdentitySessionTags.maximumTags else {
            throw .invalidIdentityToken(
                "The SAML assertion carries more than \(WebIdentitySessionTags.maximumTags) session tags.")
        }
        transitiveKeys = assertion.values(Self.transitiveTagKeys)
        guard transitiveKeys.allSatisfy({ key in tags.contains { $0.key == key } }) else {
            throw .invalidIdentityToken("TransitiveTagKeys names a tag the SAML assertion does not carry.")
        }
    }

    static func isSessionNameCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || "_+=,.@-".contains(character))
    }
}
