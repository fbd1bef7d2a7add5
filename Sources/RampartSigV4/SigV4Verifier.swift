import Crypto
import Foundation
import RampartCore

/// Decides whether a parsed SigV4 authorization is genuine, answering as IAM and STS do.
///
/// The checks run in AWS's order (see `AWSError+SigV4.swift` for the sources): the time window,
/// then that `host` is signed, then the credential scope, then the signature itself. The first
/// three need no secret, so a server that wants AWS's exact precedence over its own
/// `InvalidClientTokenId` can call `checkTimeAndScope` before looking the key up.
public struct SigV4Verifier: Sendable {
    public let clock: any RampartCore.Clock
    /// How far X-Amz-Date may be from now, either way: AWS allows 15 minutes.
    public let allowedSkew: TimeInterval
    public let cache: SigningKeyCache

    public init(
        clock: any RampartCore.Clock, allowedSkew: TimeInterval = 900, cache: SigningKeyCache = SigningKeyCache()
    ) {
        self.clock = clock
        self.allowedSkew = allowedSkew
        self.cache = cache
    }

    /// Verifies the signature, the credential scope (the scope date must be the request date's
    /// day, the region must look like a region, the service must be one of `acceptedServices`),
    /// the time window and a presigned URL's own expiry.
    public func verify(
        _ request: SigV4Request, _ auth: SigV4Authorization, secretAccessKey: String, acceptedServices: Set<String>
    ) throws(AWSError) {
        try checkTimeAndScope(auth, acceptedServices: acceptedServices)
        try verifySignature(request, auth, secretAccessKey: secretAccessKey)
    }

    /// The signature alone, for callers that ran `checkTimeAndScope` before looking the key up.
    public func verifySignature(_ request: SigV4Request, _ auth: SigV4Authorization, secretAccessKey: String)
        throws(AWSError)
    {
        try verifySignature(request, auth, secret: SigningSecret(plaintext: secretAccessKey))
    }

    /// The signature alone, revealing the secret only if no signing key derived from it is cached.
    /// A secret that cannot be revealed answers as an unknown key does.
    public func verifySignature(_ request: SigV4Request, _ auth: SigV4Authorization, secret: SigningSecret)
        throws(AWSError)
    {
        let expected = try expectedSignature(of: request, auth, secret: secret)
        guard ConstantTime.equal(expected, Array(auth.signature.utf8)) else {
            throw AWSError.signatureDoesNotMatch
        }
    }

    /// Everything `verify` checks before the signature.
    public func checkTimeAndScope(_ auth: SigV4Authorization, acceptedServices: Set<String>) throws(AWSError) {
        let now = clock.now
        let requestTime = AmzDate(auth.requestDate)
        let minutes = Int((allowedSkew / 60).rounded())
        let earliest = now.addingTimeInterval(-allowedSkew)
        if auth.requestDate < earliest {
            throw AWSError.signatureDoesNotMatch(
                reason: "Signature expired: \(requestTime.text) is now earlier than \(AmzDate(earliest).text) "
                    + "(\(AmzDate(now).text) - \(minutes) min.)")
        }
        let latest = now.addingTimeInterval(allowedSkew)
        if auth.requestDate > latest {
            throw AWSError.signatureDoesNotMatch(
                reason: "Signature not yet current: \(requestTime.text) is still later than \(AmzDate(latest).text) "
                    + "(\(AmzDate(now).text) + \(minutes) min.)")
        }
        // Inside the window AWS's answer, stricter than IAM and STS: a shorter X-Amz-Expires holds.
        if auth.isPresigned, let expiresIn = auth.expiresIn,
            now > auth.requestDate.addingTimeInterval(TimeInterval(expiresIn))
        {
            throw AWSError.presignedRequestExpired
        }
        // `host` ties the signature to this server; AWS also accepts HTTP/2's `:authority`, which
        // the transport hands over as `host`.
        guard auth.signedHeaders.contains("host") else {
            throw AWSError.signatureDoesNotMatch(
                reason: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
        }
        // A name signed twice puts its values in the canonical request twice: no SDK signs so, and
        // thousands of repeats of one long header would make the canonical request their product.
        // The answer is the one any signature that cannot match gets.
        // Clients send the names sorted, which proves them distinct without building a set.
        let names = auth.signedHeaders
        let sorted = zip(names, names.dropFirst()).allSatisfy { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        guard sorted || Set(names).count == names.count else {
            throw AWSError.signatureDoesNotMatch
        }
        let scope = CredentialScope(
            accessKeyId: auth.accessKeyId, date: auth.scopeDate, region: auth.region, service: auth.service,
            terminator: auth.scopeTerminator)
        let problems = scope.problems(requestDate: requestTime, acceptedServices: acceptedServices)
        guard problems.isEmpty else { throw AWSError.signatureDoesNotMatch(reason: problems.joined()) }
    }

    /// The lower-case hex signature the client should have sent.
    func expectedSignature(of request: SigV4Request, _ auth: SigV4Authorization, secret: SigningSecret)
        throws(AWSError) -> [UInt8]
    {
        let canonical = try CanonicalRequest(
            request: request, signedHeaders: auth.signedHeaders, payloadHash: try Self.payloadHash(of: request),
            isPresigned: auth.isPresigned)
        let stringToSign = StringToSign(
            requestTime: AmzDate(auth.requestDate), credentialScope: auth.credentialScope, canonicalRequest: canonical)
        guard
            let key = cache.signingKey(
                accessKeyId: auth.accessKeyId, secret: secret, date: auth.scopeDate, region: auth.region,
                service: auth.service)
        else { throw AWSError.invalidClientTokenId }
        return key.signature(of: stringToSign)
    }

    /// The hash of the body actually received. IAM and STS carry the operation and its parameters
    /// in the body, so the body is always hashed: an `x-amz-content-sha256` header may repeat that
    /// hash but never replace it, and `UNSIGNED-PAYLOAD` (which would let a captured signature
    /// carry any other body) is refused as a mismatch.
    static func payloadHash(of request: SigV4Request) throws(AWSError) -> String {
        let hash = Hex.string(SHA256.hash(data: request.body))
        let claimed = request.values(ofHeader: "x-amz-content-sha256")
        guard claimed.allSatisfy({ $0 == hash }) else { throw AWSError.contentSHA256Mismatch }
        return hash
    }

}
