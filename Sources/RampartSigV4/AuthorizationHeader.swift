import RampartCore

/// The parameters of an `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…,
/// Signature=…` header, not yet checked for meaning.
///
/// The parameters may come in any order, separated by `", "`, `","` or only spaces: botocore
/// writes `", "`, other SDKs `","`, and AWS accepts either (scylladb's Alternator reproduced this
/// against DynamoDB in its issue #9568).
struct AuthorizationHeader: Sendable, Equatable {
    static let algorithm = "AWS4-HMAC-SHA256"

    var algorithm: String
    var credential: String
    var signedHeaders: String
    var signature: String

    /// Whether this header claims to be SigV4 at all. Anything else (`Basic …`, SigV2's
    /// `AWS AKID:sig`, an empty value) is answered as if there were no header, as AWS does.
    static func isSigV4(_ text: String) -> Bool {
        text.drop { $0 == " " || $0 == "\t" }.hasPrefix("AWS4-")
    }

    /// `hasDate` says whether the request has `X-Amz-Date` or `Date`: AWS reports a missing date
    /// in the same sentence as missing parameters.
    init(parsing text: String, hasDate: Bool) throws(AWSError) {
        let trimmed = text.drop { $0 == " " || $0 == "\t" }
        let algorithmEnd = trimmed.firstIndex { $0 == " " || $0 == "\t" } ?? trimmed.endIndex
        algorithm = String(trimmed[..<algorithmEnd])

        var parameters = [Substring: Substring]()
        let separators: Set<Character> = [",", " ", "\t"]
        for token in trimmed[algorithmEnd...].split(whereSeparator: { separators.contains($0) }) {
            guard let equals = token.firstIndex(of: "=") else {
                throw AWSError.incompleteSignature(
                    "'\(token)' not a valid key=value pair (missing equal-sign) in Authorization header: '\(text)'.")
            }
            let key = token[..<equals]
            // A repeated parameter makes the header mean two things; refuse rather than pick one.
            guard parameters.updateValue(token[token.index(after: equals)...], forKey: key) == nil else {
                throw AWSError.incompleteSignature(
                    "'\(key)' appears more than once in Authorization header: '\(text)'.")
            }
        }

        var missing = ""
        for name in ["Credential", "Signature"] where (parameters[Substring(name)] ?? "").isEmpty {
            missing += "Authorization header requires '\(name)' parameter. "
        }
        // An empty SignedHeaders is present; it fails later because `host` is not signed.
        if parameters["SignedHeaders"] == nil {
            missing += "Authorization header requires 'SignedHeaders' parameter. "
        }
        if !hasDate {
            missing += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
        }
        guard missing.isEmpty else { throw AWSError.incompleteSignature(missing + "Authorization=" + text) }

        credential = String(parameters["Credential"] ?? "")
        signedHeaders = String(parameters["SignedHeaders"] ?? "")
        signature = String(parameters["Signature"] ?? "")
    }

    /// AWS checks the algorithm after the date (see `SigV4Authorization.init(request:)`).
    func checkAlgorithm() throws(AWSError) {
        guard algorithm == Self.algorithm else {
            throw AWSError.incompleteSignature(
                "Unsupported AWS 'algorithm': '\(algorithm)' (only \(Self.algorithm) for now). ")
        }
    }
}
