import Foundation
import RampartCore

/// What a request claims about its signature, parsed but not yet verified.
///
/// The server parses this first, looks up the secret for `accessKeyId` (and decrypts
/// `securityToken` for temporary credentials), then hands both to `SigV4Verifier`. Parsing checks
/// form only, in the order AWS does: presence of the parameters and the date, the date's format,
/// the algorithm, the shape of the credential. What needs a clock or a secret is the verifier's.
public struct SigV4Authorization: Sendable, Equatable {
    public var accessKeyId: String
    /// `yyyyMMdd` from the credential scope.
    public var scopeDate: String
    public var region: String
    public var service: String
    /// Lower-cased, in the order the client listed them.
    public var signedHeaders: [String]
    /// The hex signature as the client sent it.
    public var signature: String
    /// From `X-Amz-Date`, or the `Date` header when there is no `X-Amz-Date`.
    public var requestDate: Date
    /// `X-Amz-Security-Token` from the header or, for presigned URLs, the query.
    public var securityToken: String?
    public var isPresigned: Bool
    /// `X-Amz-Expires` of a presigned URL, in seconds, 0...604800.
    public var expiresIn: Int?
    /// The fifth part of the credential; the verifier requires `aws4_request`.
    var scopeTerminator: String

    /// The query parameters whose presence makes a request presigned.
    static let presignParameters = ["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature"]

    /// Throws `MissingAuthenticationToken` when the request carries no SigV4 authentication at all,
    /// `IncompleteSignature` (or `MalformedQueryString`) when what it carries is malformed.
    public init(request: SigV4Request) throws(AWSError) {
        let headers = request.values(ofHeader: "authorization")
        let query = try QueryParameters(rawQuery: request.query)
        let hasQueryAuthentication = Self.presignParameters.contains { query.contains($0) }
        guard let header = headers.first else {
            guard hasQueryAuthentication else { throw AWSError.missingAuthenticationToken }
            try self.init(presigned: query)
            return
        }
        guard headers.count == 1 else {
            throw AWSError.incompleteSignature("Only one Authorization header is allowed.")
        }
        guard AuthorizationHeader.isSigV4(header) else { throw AWSError.missingAuthenticationToken }
        // Two signatures on one request could each cover different parts; S3's message.
        guard !hasQueryAuthentication else {
            throw AWSError.incompleteSignature(
                "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query "
                    + "string parameter or the Authorization header should be specified")
        }
        try self.init(header: header, request: request)
    }

    private init(header text: String, request: SigV4Request) throws(AWSError) {
        let amzDates = request.values(ofHeader: "x-amz-date")
        let httpDates = request.values(ofHeader: "date")
        let header = try AuthorizationHeader(parsing: text, hasDate: !amzDates.isEmpty || !httpDates.isEmpty)
        let date: AmzDate
        if !amzDates.isEmpty {
            // Repeated X-Amz-Date headers join into a value that cannot parse: refused, not guessed.
            date = try AmzDate(basicFormat: amzDates.joined(separator: ","))
        } else {
            let text = httpDates.joined(separator: ",")
            do {
                date = try AmzDate(basicFormat: text)
            } catch {
                date = try AmzDate(httpDate: text)
            }
        }
        try header.checkAlgorithm()
        let scope = try CredentialScope(credential: header.credential)
        let tokens = request.values(ofHeader: "x-amz-security-token")
        self.init(
            scope: scope, signedHeaders: header.signedHeaders, signature: header.signature, date: date,
            securityToken: tokens.isEmpty ? nil : tokens.joined(separator: ","), isPresigned: false, expiresIn: nil)
    }

    private init(presigned query: QueryParameters) throws(AWSError) {
        let required = ["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-SignedHeaders", "X-Amz-Date"]
        var values = [String: String]()
        var missing = ""
        for name in required + ["X-Amz-Expires", "X-Amz-Security-Token"] {
            let found = query.values(of: name)
            guard found.count <= 1 else {
                throw AWSError.incompleteSignature(
                    "AWS query-string parameter '\(name)' must appear only once. Re-examine the query-string parameters."
                )
            }
            if let value = found.first {
                values[name] = value
            } else if required.contains(name) {
                missing += "AWS query-string parameters must include '\(name)'. "
            }
        }
        guard missing.isEmpty else {
            throw AWSError.incompleteSignature(missing + "Re-examine the query-string parameters.")
        }
        let date = try AmzDate(basicFormat: values["X-Amz-Date"] ?? "")
        let expiresIn = try values["X-Amz-Expires"].map { (text) throws(AWSError) in try Self.expiresIn(text) }
        let algorithm = values["X-Amz-Algorithm"] ?? ""
        guard algorithm == AuthorizationHeader.algorithm else {
            throw AWSError.incompleteSignature(
                "Unsupported AWS 'algorithm': '\(algorithm)' (only \(AuthorizationHeader.algorithm) for now). ")
        }
        let scope = try CredentialScope(credential: values["X-Amz-Credential"] ?? "")
        self.init(
            scope: scope, signedHeaders: values["X-Amz-SignedHeaders"] ?? "",
            signature: values["X-Amz-Signature"] ?? "",
            date: date, securityToken: values["X-Amz-Security-Token"], isPresigned: true, expiresIn: expiresIn)
    }

    private init(
        scope: CredentialScope, signedHeaders: String, signature: String, date: AmzDate, securityToken: String?,
        isPresigned: Bool, expiresIn: Int?
    ) {
        accessKeyId = scope.accessKeyId
        scopeDate = scope.date
        region = scope.region
        service = scope.service
        scopeTerminator = scope.terminator
        // ASCII lower-casing: header names are ASCII, and `lowercased()` would apply Unicode rules.
        // Clients send them lower-case already, so that case copies nothing.
        self.signedHeaders = signedHeaders.utf8.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false)
            .map { name in
                name.contains { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
                    ? String(decoding: name.map(SigV4Request.lowercase), as: UTF8.self) : String(Substring(name))
            }
        self.signature = signature
        requestDate = date.date
        self.securityToken = securityToken
        self.isPresigned = isPresigned
        self.expiresIn = expiresIn
    }

    /// The longest X-Amz-Expires AWS allows: the signing key is valid for seven days.
    static let maximumExpiresIn = 604_800

    /// Parses X-Amz-Expires digit by digit, so that no value, however long, can overflow.
    /// The messages are S3's, the only AWS service that reads this parameter.
    static func expiresIn(_ text: String) throws(AWSError) -> Int {
        var digits = Substring(text)
        let negative = digits.hasPrefix("-")
        if negative { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            throw AWSError.incompleteSignature("X-Amz-Expires should be a number")
        }
        var value = 0
        for byte in digits.utf8 {
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
            if value > maximumExpiresIn { break }
        }
        if negative && value != 0 {
            throw AWSError.incompleteSignature("X-Amz-Expires must be non-negative")
        }
        guard value <= maximumExpiresIn else {
            throw AWSError.incompleteSignature(
                "X-Amz-Expires must be less than a week (in seconds) that is \(maximumExpiresIn)")
        }
        return value
    }

    /// `scopeDate/region/service/terminator`, the credential scope as the client wrote it.
    var credentialScope: String { "\(scopeDate)/\(region)/\(service)/\(scopeTerminator)" }
}
