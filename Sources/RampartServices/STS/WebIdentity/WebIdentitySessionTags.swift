import RampartCore

/// The session tags an issuer puts in its tokens: the `https://aws.amazon.com/tags` claim,
/// `{"principal_tags": {"Key": ["Value"]}, "transitive_tag_keys": ["Key"]}` (one value per key, in
/// an array, as AWS defines it).
struct WebIdentitySessionTags {
    static let claim = "https://aws.amazon.com/tags"
    /// AWS's limit on session tags per session.
    static let maximumTags = 50

    var tags: [Tag] = []
    var transitiveKeys: [String] = []

    init(_ token: WebIdentityToken) throws(AWSError) {
        guard let value = token.claims[Self.claim] else { return }
        guard let object = value as? [String: Any], let principal = object["principal_tags"] as? [String: Any]
        else { throw .idpRejectedClaim("The claim \(Self.claim) must hold principal_tags.") }
        for key in principal.keys.sorted() {
            guard let values = principal[key] as? [Any], values.count == 1, let tagValue = values[0] as? String,
                (1...128).contains(key.count), tagValue.count <= 256, !key.lowercased().hasPrefix("aws:")
            else { throw .idpRejectedClaim("Session tag \(key) of the token is not valid.") }
            tags.append(Tag(key: key, value: tagValue))
        }
        guard tags.count <= Self.maximumTags else {
            throw .idpRejectedClaim("The token carries more than \(Self.maximumTags) session tags.")
        }
        if let transitive = object["transitive_tag_keys"] {
            guard let keys = transitive as? [Any] else {
                throw .idpRejectedClaim("transitive_tag_keys of \(Self.claim) must be a list.")
            }
            transitiveKeys = keys.compactMap { $0 as? String }
            guard transitiveKeys.count == keys.count, transitiveKeys.allSatisfy(principal.keys.contains) else {
                throw .idpRejectedClaim("transitive_tag_keys names a tag the token does not carry.")
            }
        }
    }
}
