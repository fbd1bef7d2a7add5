import RampartCore

// The errors IAM and STS answer a badly signed request with. Codes, statuses and messages are
// AWS's own, from these sources:
//
// - Statuses: the IAM and STS API references, "Common Error Types": IncompleteSignature 400,
//   InvalidClientTokenId 403, MissingAuthenticationToken 403, ExpiredTokenException 403,
//   MalformedQueryString 404 (sic), and SignatureDoesNotMatch 403 as sent for SigV4 failures.
// - Messages and the order AWS checks things in: responses captured from AWS and recorded in
//   mhart/dynalite (`validations/index.js`: "Authorization header requires 'Credential'
//   parameter. … Authorization=…", "Date must be in ISO-8601 'basic format'…", "Signature
//   expired: … (… - 15 min.)", "Credential must have exactly 5 slash-delimited elements…", the
//   four credential-scope messages) and dacut/scratchstack-aws-signature (`constants.rs`), and
//   in user reports of real IAM/STS answers: aws/aws-cli#6676 (STS "Signature expired: … - 15
//   min.)" as SignatureDoesNotMatch), cognitect-labs/aws-api#27 and JuliaCloud/AWS.jl#565 (STS
//   and IAM "Credential should be scoped to a valid region, not 'ap-southeast-2'. " as
//   SignatureDoesNotMatch, with the trailing space AWS leaves after each sentence),
//   jenkinsci/aws-credentials-plugin#72 (STS "… not a valid key=value pair (missing
//   equal-sign) in Authorization header: '…'."), pulumi/pulumi-aws#2560 (STS ExpiredToken, HTTP
//   403, "The security token included in the request is expired").
// - Presigned URLs past X-Amz-Expires: IAM and STS do not check X-Amz-Expires at all, they only
//   apply the 15-minute window to X-Amz-Date (aws/aws-sdk-go#2167, answered in #2224: "All
//   other AWS services will use a fixed request signature expiration of about 15 minutes").
//   Rampart applies that window first (same answer as AWS), then, stricter, also holds a
//   shorter X-Amz-Expires, with the answer S3 gives for that case: AccessDenied, 403, "Request
//   has expired"; and it refuses bad X-Amz-Expires values with S3's messages.
extension AWSError {
    /// No SigV4 authentication at all: no `Authorization` header, or one that is not `AWS4-…`,
    /// and no presigned query parameters.
    public static let missingAuthenticationToken = AWSError(
        code: "MissingAuthenticationToken", message: "Request is missing Authentication Token", httpStatus: 403)

    /// The access key id is unknown, or a session token does not decrypt or does not belong to the
    /// access key id. The server decides this after looking the key up.
    public static let invalidClientTokenId = AWSError(
        code: "InvalidClientTokenId", message: "The security token included in the request is invalid.",
        httpStatus: 403)

    /// Temporary credentials past their expiry; decided by the server, which knows the session.
    public static let expiredToken = AWSError(
        code: "ExpiredToken", message: "The security token included in the request is expired", httpStatus: 403)

    /// The signature did not verify: wrong secret, altered request, or a different canonical form.
    public static let signatureDoesNotMatch = AWSError(
        code: "SignatureDoesNotMatch",
        message: "The request signature we calculated does not match the signature you provided. "
            + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
        httpStatus: 403)

    /// A signature AWS refuses for a stated reason (time window, scope, unsigned `host`).
    public static func signatureDoesNotMatch(reason: String) -> AWSError {
        AWSError(code: "SignatureDoesNotMatch", message: reason, httpStatus: 403)
    }

    /// The authentication information is malformed or incomplete.
    public static func incompleteSignature(_ message: String) -> AWSError {
        AWSError(code: "IncompleteSignature", message: message, httpStatus: 400)
    }

    /// A presigned URL used after its own X-Amz-Expires (S3's answer; see above).
    public static let presignedRequestExpired = AWSError.accessDenied("Request has expired")

    /// A query string that does not percent-decode. 404 is the status the IAM and STS references
    /// list for MalformedQueryString; the messages are Java's URLDecoder's, which AWS passes on.
    static func malformedQueryString(_ message: String) -> AWSError {
        AWSError(code: "MalformedQueryString", message: message, httpStatus: 404)
    }

    /// `x-amz-content-sha256` claims a body other than the one received (S3's code and message;
    /// IAM and STS clients never send the header, so only a forger would get this).
    static let contentSHA256Mismatch = AWSError(
        code: "XAmzContentSHA256Mismatch",
        message: "The provided 'x-amz-content-sha256' header does not match what was computed.", httpStatus: 400)

    static func malformedDate(_ text: String) -> AWSError {
        incompleteSignature(
            "Date must be in ISO-8601 'basic format'. Got '\(text)'. See http://en.wikipedia.org/wiki/ISO_8601")
    }
}
