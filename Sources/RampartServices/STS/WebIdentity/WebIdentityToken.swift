import Foundation
import RampartCore
import RampartMFA
import RampartPolicy

/// A web identity token as sent: a JWS in compact serialization (RFC 7515, 7.1), header and claims
/// read as strict JSON objects. Reading it says nothing about who signed it: `WebIdentityVerifier`
/// checks the signature against the issuer's keys before any claim is believed.
struct WebIdentityToken {
    /// STS's limit on `WebIdentityToken` (the model's length constraint): the text is refused
    /// before any decoding, so a token costs at most this much work.
    static let maximumLength = 20_000

    let header: [String: Any]
    let claims: [String: Any]
    /// `BASE64URL(header) '.' BASE64URL(payload)`: the bytes the signature covers.
    let signingInput: [UInt8]
    let signature: [UInt8]

    /// `alg` of the header.
    var algorithm: String? { header["alg"] as? String }
    /// `kid` of the header: which of the issuer's keys signed it.
    var keyId: String? { header["kid"] as? String }

    init(compact text: String) throws(AWSError) {
        guard text.utf8.count <= Self.maximumLength else { throw .notAJWT }
        let parts = text.split(separator: ".", maxSplits: 3, omittingEmptySubsequences: false)
        // Three parts, none empty: an unsecured JWS (`alg: none`) has an empty signature and ends here.
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty }),
            let headerBytes = Base64URL.decode(String(parts[0])), let payloadBytes = Base64URL.decode(String(parts[1])),
            let signature = Base64URL.decode(String(parts[2])),
            let header = Self.object(headerBytes), let claims = Self.object(payloadBytes)
        else { throw .notAJWT }
        self.header = header
        self.claims = claims
        self.signature = signature
        self.signingInput = Array(parts[0].utf8) + [UInt8(ascii: ".")] + Array(parts[1].utf8)
    }

    private static func object(_ bytes: [UInt8]) -> [String: Any]? {
        guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
        return StrictJSON.object(text)
    }

    // MARK: Claims

    func string(_ claim: String) -> String? { claims[claim] as? String }

    /// `aud`: one string or an array of strings (RFC 7519, 4.1.3).
    var audiences: [String] {
        if let one = claims["aud"] as? String { return [one] }
        return (claims["aud"] as? [Any])?.compactMap { $0 as? String } ?? []
    }

    /// A NumericDate claim (`exp`, `nbf`, `iat`): seconds since the epoch, integer or not. A boolean
    /// is no date, though JSONSerialization hands both over as NSNumber.
    func date(_ claim: String) -> Double? {
        guard let number = claims[claim] as? NSNumber, !Self.isBoolean(number) else { return nil }
        return number.doubleValue
    }

    /// Whether a claim is present at all, whatever its type.
    func has(_ claim: String) -> Bool { claims[claim] != nil }

    private static func isBoolean(_ number: NSNumber) -> Bool {
        // JSON true/false arrive as NSNumber with objCType "c" (as ConditionBlockReader relies on too).
        String(cString: number.objCType) == "c"
    }
}
