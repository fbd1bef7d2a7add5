import Foundation
import RampartCore
import RampartMFA
import RampartStore

/// A signed outbound token: a JWS in compact serialization (RFC 7515, 7.1), header `alg`, `kid`,
/// `typ: JWT`, signed with the key of the issuer that `kid` names in its JWKS.
enum OutboundToken {
    static func compact(payload: [UInt8], key: OutboundSigningKey, account: AccountID, secrets: SecretBox) throws
        -> String
    {
        let header = OutboundIssuer.json(["alg": key.algorithm, "kid": key.keyId, "typ": "JWT"])
        let signingInput = Base64URL.encode(header) + "." + Base64URL.encode(payload)
        let signature = try OutboundKeyMaterial.sign(
            Array(signingInput.utf8), with: key, account: account, secrets: secrets)
        return signingInput + "." + Base64URL.encode(signature)
    }
}
