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
        text.utf8.drop(while: isSeparator).starts(with: "AWS4-".utf8)
    }

    /// `hasDate` says whether the request has `X-Amz-Date` or `Date`: AWS reports a missing date
    /// in the same sentence as missing parameters.
    ///
    /// Works on UTF-8 bytes: this runs on every request, and walking `Character`s costs ten times more.
    init(parsing text: String, hasDate: Bool) throws(AWSError) {
        let bytes = Array(text.utf8)
        var index = bytes.firstIndex { !Self.isSeparator($0) } ?? bytes.endIndex
        let algorithmStart = index
        while index < bytes.endIndex, !Self.isSeparator(bytes[index]) {
            index += 1
        }
        algorithm = String(decoding: bytes[algorithmStart..<index], as: UTF8.self)

        var credential: ArraySlice<UInt8>?
        var signedHeaders: ArraySlice<UInt8>?
        var signature: ArraySlice<UInt8>?
        for token in bytes[index...].split(whereSeparator: Self.isParameterSeparator) {
            guard let equals = token.firstIndex(of: UInt8(ascii: "=")) else {
                let token = String(decoding: token, as: UTF8.self)
                throw AWSError.incompleteSignature(
                    "'\(token)' not a valid key=value pair (missing equal-sign) in Authorization header: '\(text)'.")
            }
            let key = token[..<equals]
            let value = token[(equals + 1)...]
            // A repeated parameter makes the header mean two things; refuse rather than pick one.
            func store(in slot: inout ArraySlice<UInt8>?) throws(AWSError) {
                guard slot == nil else {
                    let key = String(decoding: key, as: UTF8.self)
                    throw AWSError.incompleteSignature(
                        "'\(key)' appears more than once in Authorization header: '\(text)'.")
                }
                slot = value
            }
            if key.elementsEqual("Credential".utf8) {
                try store(in: &credential)
            } else if key.elementsEqual("SignedHeaders".utf8) {
                try store(in: &signedHeaders)
            } else if key.elementsEqual("Signature".utf8) {
                try store(in: &signature)
            }
        }

        var missing = ""
        if credential?.isEmpty ?? true { missing += "Authorization header requires 'Credential' parameter. " }
        if signature?.isEmpty ?? true { missing += "Authorization header requires 'Signature' parameter. " }
        // An empty SignedHeaders is present; it fails later because `host` is not signed.
        if signedHeaders == nil { missing += "Authorization header requires 'SignedHeaders' parameter. " }
        if !hasDate {
            missing += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
        }
        guard missing.isEmpty else { throw AWSError.incompleteSignature(missing + "Authorization=" + text) }

        self.credential = String(decoding: credential ?? [], as: UTF8.self)
        self.signedHeaders = String(decoding: signedHeaders ?? [], as: UTF8.self)
        self.signature = String(decoding: signature ?? [], as: UTF8.self)
    }

    private static func isSeparator(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }

    private static func isParameterSeparator(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ",") || isSeparator(byte)
    }

    /// AWS checks the algorithm after the date (see `SigV4Authorization.init(request:)`).
    func checkAlgorithm() throws(AWSError) {
        guard algorithm == Self.algorithm else {
            throw AWSError.incompleteSignature(
                "Unsupported AWS 'algorithm': '\(algorithm)' (only \(Self.algorithm) for now). ")
        }
    }
}
