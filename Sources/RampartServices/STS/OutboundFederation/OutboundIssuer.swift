import Foundation
import RampartCore
import RampartStore

/// Where an account's outbound issuer lives and what it publishes there: `<origin>/oidc/<issuerId>`,
/// with the OpenID discovery document and the JWKS under its `/.well-known/`, as AWS's issuers serve
/// them. Built from the record alone, so any instance answers for any account.
public enum OutboundIssuer {
    static let pathPrefix = "/oidc/"
    static let discoverySuffix = "/.well-known/openid-configuration"
    static let keySetSuffix = "/.well-known/jwks.json"

    static func url(origin: String, issuerId: String) -> String {
        origin + pathPrefix + issuerId
    }

    /// The document a GET of `path` answers with (JSON bytes), or nil for a path that names no
    /// document of a known issuer.
    public static func document(path: String, origin: String, in reader: StoreSnapshot) -> [UInt8]? {
        guard path.hasPrefix(pathPrefix) else { return nil }
        let rest = path.dropFirst(pathPrefix.count)
        for suffix in [discoverySuffix, keySetSuffix] where rest.hasSuffix(suffix) {
            let issuerId = String(rest.dropLast(suffix.count))
            guard !issuerId.isEmpty, !issuerId.contains("/"),
                let federation = reader.get(OutboundFederation.self, issuerId)
            else { return nil }
            let issuer = url(origin: origin, issuerId: issuerId)
            return suffix == discoverySuffix ? discovery(issuer: issuer) : keySet(federation)
        }
        return nil
    }

    static func discovery(issuer: String) -> [UInt8] {
        json([
            "issuer": issuer,
            "jwks_uri": issuer + keySetSuffix,
            "response_types_supported": ["id_token"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": OutboundSigningAlgorithm.allCases.map(\.rawValue),
            "claims_supported": ["iss", "sub", "aud", "iat", "exp", "nbf", "jti", OutboundTokenClaims.namespace],
        ])
    }

    static func keySet(_ federation: OutboundFederation) -> [UInt8] {
        json(["keys": federation.signingKeys.map(OutboundKeyMaterial.publicJWK)])
    }

    static func json(_ object: [String: Any]) -> [UInt8] {
        let data =
            (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
        return Array(data ?? Data("{}".utf8))
    }
}
