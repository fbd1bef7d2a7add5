import Crypto
import Foundation
import RampartCore

/// Signs requests the way botocore does, for tests and for the server's in-process clients.
///
/// Every header present is signed except the hop-by-hop and proxy-rewritten ones botocore leaves
/// out, so a request signed here verifies wherever a botocore-signed one does. The request must
/// carry its `Host` header before signing.
public struct SigV4Signer: Sendable {
    /// botocore's `SIGNED_HEADERS_BLACKLIST`, plus `authorization`, which cannot sign itself.
    static let unsignedHeaders: Set<String> = [
        "authorization", "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
        "trailer", "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id",
    ]

    public init() {}

    /// Adds `X-Amz-Date`, `X-Amz-Security-Token` (when `sessionToken` is given) and
    /// `Authorization`, replacing any already there. Throws only for a query string that does not
    /// percent-decode, which no verifier could accept either.
    public func sign(
        _ request: inout SigV4Request, accessKeyId: String, secretAccessKey: String, sessionToken: String?,
        region: String, service: String, date: Date
    ) throws(AWSError) {
        let time = AmzDate(date)
        request.removeHeader("authorization")
        request.removeHeader("x-amz-date")
        request.headers.append((name: "X-Amz-Date", value: time.text))
        if let sessionToken {
            request.removeHeader("x-amz-security-token")
            request.headers.append((name: "X-Amz-Security-Token", value: sessionToken))
        }
        let signedHeaders = Self.headersToSign(request)
        let scope = "\(time.day)/\(region)/\(service)/\(CredentialScope.terminator)"
        let signature = try Self.signature(
            request, signedHeaders: signedHeaders, isPresigned: false, time: time, scope: scope,
            secretAccessKey: secretAccessKey, region: region, service: service)
        request.headers.append(
            (
                name: "Authorization",
                value: "\(AuthorizationHeader.algorithm) Credential=\(accessKeyId)/\(scope), "
                    + "SignedHeaders=\(signedHeaders.joined(separator: ";")), Signature=\(signature)"
            ))
    }

    /// The query string of a presigned URL for `request`: its own query, then the `X-Amz-*`
    /// parameters, then `X-Amz-Signature`, as botocore's `SigV4QueryAuth` builds it. The body, if
    /// any, is hashed into the signature, so the URL is for requests with that exact body (for
    /// STS's GetCallerIdentity: none).
    public func presign(
        _ request: SigV4Request, accessKeyId: String, secretAccessKey: String, sessionToken: String?, region: String,
        service: String, date: Date, expiresIn: Int
    ) throws(AWSError) -> String {
        let time = AmzDate(date)
        let scope = "\(time.day)/\(region)/\(service)/\(CredentialScope.terminator)"
        let signedHeaders = Self.headersToSign(request)
        var parameters = [
            ("X-Amz-Algorithm", AuthorizationHeader.algorithm),
            ("X-Amz-Credential", "\(accessKeyId)/\(scope)"),
            ("X-Amz-Date", time.text),
            ("X-Amz-Expires", String(expiresIn)),
            ("X-Amz-SignedHeaders", signedHeaders.joined(separator: ";")),
        ]
        if let sessionToken { parameters.append(("X-Amz-Security-Token", sessionToken)) }
        var presigned = request
        let authentication = parameters.map { "\($0)=\(PercentEncoding.encode($1))" }.joined(separator: "&")
        presigned.query = request.query.isEmpty ? authentication : request.query + "&" + authentication
        let signature = try Self.signature(
            presigned, signedHeaders: signedHeaders, isPresigned: true, time: time, scope: scope,
            secretAccessKey: secretAccessKey, region: region, service: service)
        return presigned.query + "&X-Amz-Signature=" + signature
    }

    /// Lower-cased names of the headers to sign, sorted and without repeats, as SigV4 lists them.
    static func headersToSign(_ request: SigV4Request) -> [String] {
        Set(request.headers.map { $0.name.lowercased() }).subtracting(unsignedHeaders).sorted()
    }

    private static func signature(
        _ request: SigV4Request, signedHeaders: [String], isPresigned: Bool, time: AmzDate, scope: String,
        secretAccessKey: String, region: String, service: String
    ) throws(AWSError) -> String {
        let canonical = try CanonicalRequest(
            request: request, signedHeaders: signedHeaders,
            payloadHash: Hex.string(SHA256.hash(data: request.body)), isPresigned: isPresigned)
        let stringToSign = StringToSign(requestTime: time, credentialScope: scope, canonicalRequest: canonical)
        let key = SigningKey(secretAccessKey: secretAccessKey, date: time.day, region: region, service: service)
        return String(decoding: key.signature(of: stringToSign), as: UTF8.self)
    }
}
