import Crypto
import Foundation
import RampartCore
import Testing

@testable import RampartSigV4

@Suite struct SigV4VerifierTests {
    static let accessKeyId = "AKIAIOSFODNN7EXAMPLE"
    static let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    static let now = amzDate("20260314T150926Z")
    let signer = SigV4Signer()

    // MARK: - Vectors

    /// Every request of AWS's suite verifies at its signing time with AWS's secret.
    @Test(arguments: VectorFile.awsSuite)
    func awsSuiteVerifies(_ vector: Vector) throws {
        try verifyVector(vector)
    }

    /// Every request botocore signed, header-signed and presigned, verifies.
    @Test(arguments: VectorFile.botocore)
    func botocoreVerifies(_ vector: Vector) throws {
        try verifyVector(vector)
    }

    private func verifyVector(_ vector: Vector) throws {
        let request = vector.sigV4Request
        let auth = try SigV4Authorization(request: request)
        #expect(auth.accessKeyId == vector.accessKeyId)
        #expect(auth.region == vector.region)
        #expect(auth.service == vector.service)
        #expect(auth.isPresigned == (vector.presigned ?? false))
        #expect(auth.expiresIn == vector.expiresIn)
        if let token = vector.sessionToken { #expect(auth.securityToken == token) }
        if let signature = vector.signature { #expect(auth.signature == signature) }
        let verifier = SigV4Verifier(clock: vector.clock)
        try verifier.verify(request, auth, secretAccessKey: vector.secretAccessKey, acceptedServices: [vector.service])
        // And the same request with any other secret does not.
        #expect(throws: AWSError.signatureDoesNotMatch) {
            try verifier.verify(
                request, auth, secretAccessKey: vector.secretAccessKey + "x", acceptedServices: [vector.service])
        }
    }

    // MARK: - A request signed here, then attacked

    private func signedRequest(
        date: Date = now, secret: String = secret, token: String? = nil, region: String = "us-east-1",
        service: String = "iam", host: Bool = true
    ) throws -> SigV4Request {
        var headers: [(name: String, value: String)] = [
            ("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
        ]
        if host { headers.insert(("Host", "iam.amazonaws.com"), at: 0) }
        var request = SigV4Request(
            method: "POST", path: "/", headers: headers,
            body: Array("Action=CreateUser&Version=2010-05-08&UserName=alice".utf8))
        try signer.sign(
            &request, accessKeyId: Self.accessKeyId, secretAccessKey: secret, sessionToken: token, region: region,
            service: service, date: date)
        request.headers.append((name: "User-Agent", value: "aws-cli/2.15.0"))
        request.headers.append((name: "Content-Length", value: String(request.body.count)))
        return request
    }

    private func verify(
        _ request: SigV4Request, secret: String = secret, services: Set<String> = ["iam"], at date: Date = now,
        verifier: SigV4Verifier? = nil
    ) throws(AWSError) {
        let auth = try SigV4Authorization(request: request)
        try (verifier ?? SigV4Verifier(clock: FixedClock(now: date)))
            .verify(request, auth, secretAccessKey: secret, acceptedServices: services)
    }

    @Test func genuineRequestVerifies() throws {
        try verify(try signedRequest())
        try verify(try signedRequest(token: "session/token+=="))
    }

    @Test func wrongSecret() throws {
        #expect(throws: AWSError.signatureDoesNotMatch) {
            try verify(try signedRequest(), secret: Self.secret.replacingOccurrences(of: "E", with: "F"))
        }
    }

    @Test func signatureFromAnotherKey() throws {
        let forged = try signedRequest(secret: "another-secret-another-secret-another-secr")
        #expect(throws: AWSError.signatureDoesNotMatch) { try verify(forged) }
    }

    @Test func everySingleFlippedHexDigit() throws {
        let request = try signedRequest()
        let header = try #require(request.header("authorization"))
        let signatureStart = try #require(header.range(of: "Signature=")).upperBound
        for offset in 0..<64 {
            var characters = Array(header)
            let index = header.distance(from: header.startIndex, to: signatureStart) + offset
            characters[index] = characters[index] == "0" ? "1" : "0"
            let tampered = request.replacingHeader("Authorization", with: String(characters))
            #expect(throws: AWSError.signatureDoesNotMatch) { try verify(tampered) }
        }
    }

    @Test func signatureInOtherCaseOrLengthDoesNotVerify() throws {
        let request = try signedRequest()
        let header = try #require(request.header("authorization"))
        let signature = try #require(header.split(separator: "=").last)
        for variant in [signature.uppercased(), String(signature.dropLast()), signature + "0", ""] {
            let tampered = request.replacingHeader(
                "Authorization", with: header.replacingOccurrences(of: String(signature), with: variant))
            #expect(throws: AWSError.self) { try verify(tampered) }
        }
    }

    @Test func signedHeaderAlteredAfterSigning() throws {
        let request = try signedRequest()
        #expect(throws: AWSError.signatureDoesNotMatch) {
            try verify(request.replacingHeader("Content-Type", with: "application/json"))
        }
        #expect(throws: AWSError.signatureDoesNotMatch) {
            try verify(request.replacingHeader("Host", with: "evil.example.com"))
        }
        var extra = request
        extra.headers.append((name: "content-type", value: "text/plain"))
        #expect(throws: AWSError.signatureDoesNotMatch) { try verify(extra) }
    }

    @Test func unsignedHeaderMayChange() throws {
        try verify(try signedRequest().replacingHeader("User-Agent", with: "something else"))
    }

    @Test func bodyAltered() throws {
        var request = try signedRequest()
        request.body = Array("Action=CreateUser&Version=2010-05-08&UserName=mallory".utf8)
        #expect(throws: AWSError.signatureDoesNotMatch) { try verify(request) }
        request.body = []
        #expect(throws: AWSError.signatureDoesNotMatch) { try verify(request) }
    }

    @Test func claimedPayloadHashCannotReplaceTheBody() throws {
        let request = try signedRequest()
        #expect(throws: AWSError.contentSHA256Mismatch) {
            try verify(request.replacingHeader("X-Amz-Content-SHA256", with: "UNSIGNED-PAYLOAD"))
        }
        #expect(throws: AWSError.contentSHA256Mismatch) {
            try verify(request.replacingHeader("x-amz-content-sha256", with: String(repeating: "0", count: 64)))
        }
        try verify(
            request.replacingHeader("x-amz-content-sha256", with: Hex.string(Crypto.SHA256.hash(data: request.body))))
    }

    @Test func pathOrQueryAltered() throws {
        var request = try signedRequest()
        request.path = "/other"
        #expect(throws: AWSError.signatureDoesNotMatch) { try verify(request) }
        request = try signedRequest()
        request.query = "Action=DeleteUser"
        #expect(throws: AWSError.signatureDoesNotMatch) { try verify(request) }
        request.method = "PUT"
        #expect(throws: AWSError.signatureDoesNotMatch) { try verify(request) }
    }

    @Test func signedSessionTokenSwapped() throws {
        let request = try signedRequest(token: "token-one")
        #expect(throws: AWSError.signatureDoesNotMatch) {
            try verify(request.replacingHeader("X-Amz-Security-Token", with: "token-two"))
        }
    }

    @Test func cachedKeyDoesNotOutliveItsSecret() throws {
        let verifier = SigV4Verifier(clock: FixedClock(now: Self.now))
        let request = try signedRequest()
        try verify(request, verifier: verifier)
        #expect(verifier.cache.count == 1)
        #expect(throws: AWSError.signatureDoesNotMatch) { try verify(request, secret: "rotated", verifier: verifier) }
        try verify(request, verifier: verifier)
    }

    // MARK: - Time

    @Test func sixteenMinutesStale() throws {
        let request = try signedRequest(date: Self.now.addingTimeInterval(-16 * 60))
        #expect(
            throws: AWSError.signatureDoesNotMatch(
                reason:
                    "Signature expired: 20260314T145326Z is now earlier than 20260314T145426Z (20260314T150926Z - 15 min.)"
            )
        ) { try verify(request) }
    }

    @Test func sixteenMinutesInTheFuture() throws {
        let request = try signedRequest(date: Self.now.addingTimeInterval(16 * 60))
        #expect(
            throws: AWSError.signatureDoesNotMatch(
                reason:
                    "Signature not yet current: 20260314T152526Z is still later than 20260314T152426Z (20260314T150926Z + 15 min.)"
            )
        ) { try verify(request) }
    }

    @Test(arguments: [-15 * 60, -14 * 60, -1, 0, 1, 14 * 60, 15 * 60])
    func withinFifteenMinutesVerifies(offset: Int) throws {
        try verify(try signedRequest(date: Self.now.addingTimeInterval(TimeInterval(offset))))
    }

    @Test func skewIsConfigurable() throws {
        let request = try signedRequest(date: Self.now.addingTimeInterval(-6 * 60))
        let strict = SigV4Verifier(clock: FixedClock(now: Self.now), allowedSkew: 300)
        #expect(
            throws: AWSError.signatureDoesNotMatch(
                reason:
                    "Signature expired: 20260314T150326Z is now earlier than 20260314T150426Z (20260314T150926Z - 5 min.)"
            )
        ) { try verify(request, verifier: strict) }
    }

    /// The scope's date is the request's day, not the server's: a request signed at 23:59 still
    /// verifies a few minutes after midnight.
    @Test func acrossMidnight() throws {
        let request = try signedRequest(date: amzDate("20260314T235930Z"))
        try verify(request, at: amzDate("20260315T000500Z"))
    }

    // MARK: - Scope

    private func forged(scope: String, signedHeaders: String = "content-type;host;x-amz-date") throws -> SigV4Request {
        try signedRequest().replacingHeader(
            "Authorization",
            with: "AWS4-HMAC-SHA256 Credential=\(Self.accessKeyId)/\(scope), SignedHeaders=\(signedHeaders), "
                + "Signature=\(String(repeating: "0", count: 64))")
    }

    @Test func scopeDateMismatch() throws {
        #expect(
            throws: AWSError.signatureDoesNotMatch(
                reason: "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
                    + "'20260313' != '20260314', from '20260314T150926Z'. "
            )
        ) { try verify(try forged(scope: "20260313/us-east-1/iam/aws4_request")) }
    }

    @Test func wrongService() throws {
        let request = try signedRequest(service: "sts")
        #expect(
            throws: AWSError.signatureDoesNotMatch(reason: "Credential should be scoped to correct service: 'iam'. ")
        ) {
            try verify(request)
        }
        try verify(request, services: ["iam", "sts"])
        #expect(
            throws: AWSError.signatureDoesNotMatch(
                reason: "Credential should be scoped to correct service: 'ec2' or 's3'. ")
        ) {
            try verify(request, services: ["s3", "ec2"])
        }
    }

    @Test func wrongRegion() throws {
        #expect(
            throws: AWSError.signatureDoesNotMatch(
                reason: "Credential should be scoped to a valid region, not 'aws-global'. ")
        ) {
            try verify(try signedRequest(region: "aws-global"))
        }
        // Any well-formed region is served, as clients sign with whatever region they use.
        try verify(try signedRequest(region: "ap-southeast-2"))
    }

    @Test func wrongTerminator() throws {
        #expect(
            throws: AWSError.signatureDoesNotMatch(
                reason: "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. ")
        ) {
            try verify(try forged(scope: "20260314/us-east-1/iam/aws5_request"))
        }
    }

    @Test func hostNotSigned() throws {
        let request = try signedRequest(host: false)
        #expect(
            throws: AWSError.signatureDoesNotMatch(
                reason: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
        ) {
            try verify(request)
        }
        #expect(
            throws: AWSError.signatureDoesNotMatch(
                reason: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
        ) {
            try verify(try forged(scope: "20260314/us-east-1/iam/aws4_request", signedHeaders: ""))
        }
    }

    // MARK: - Presigned

    private func presigned(
        expiresIn: Int, date: Date = now, token: String? = "session+token/=="
    ) throws -> SigV4Request {
        let template = SigV4Request(
            method: "GET", path: "/", query: "Action=GetCallerIdentity&Version=2011-06-15",
            headers: [("Host", "sts.amazonaws.com")])
        let query = try signer.presign(
            template, accessKeyId: Self.accessKeyId, secretAccessKey: Self.secret, sessionToken: token,
            region: "us-east-1", service: "sts", date: date, expiresIn: expiresIn)
        return SigV4Request(method: "GET", path: "/", query: query, headers: [("Host", "sts.amazonaws.com")])
    }

    @Test func presignedVerifiesUntilItExpires() throws {
        let request = try presigned(expiresIn: 60)
        try verify(request, services: ["sts"])
        try verify(request, services: ["sts"], at: Self.now.addingTimeInterval(60))
        #expect(throws: AWSError.presignedRequestExpired) {
            try verify(request, services: ["sts"], at: Self.now.addingTimeInterval(61))
        }
        #expect(
            AWSError.presignedRequestExpired
                == AWSError(code: "AccessDenied", message: "Request has expired", httpStatus: 403))
    }

    /// A long X-Amz-Expires does not stretch STS's fifteen minutes.
    @Test func presignedStillBoundByFifteenMinutes() throws {
        let request = try presigned(expiresIn: 3600)
        #expect(
            throws: AWSError.signatureDoesNotMatch(
                reason:
                    "Signature expired: 20260314T150926Z is now earlier than 20260314T151026Z (20260314T152526Z - 15 min.)"
            )
        ) { try verify(request, services: ["sts"], at: Self.now.addingTimeInterval(16 * 60)) }
        #expect(throws: AWSError.self) {
            try verify(try presigned(expiresIn: 60, date: Self.now.addingTimeInterval(16 * 60)), services: ["sts"])
        }
    }

    @Test func presignedReusedDifferently() throws {
        let request = try presigned(expiresIn: 900)
        var post = request
        post.method = "POST"
        #expect(throws: AWSError.signatureDoesNotMatch) { try verify(post, services: ["sts"]) }
        var withBody = request
        withBody.body = Array("Action=AssumeRole".utf8)
        #expect(throws: AWSError.signatureDoesNotMatch) { try verify(withBody, services: ["sts"]) }
        var otherHost = request
        otherHost.headers = [("Host", "sts.evil.example")]
        #expect(throws: AWSError.signatureDoesNotMatch) { try verify(otherHost, services: ["sts"]) }
        var moreParameters = request
        moreParameters.query += "&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FAdmin"
        #expect(throws: AWSError.signatureDoesNotMatch) { try verify(moreParameters, services: ["sts"]) }
        var otherToken = request
        otherToken.query = request.query.replacingOccurrences(of: "session%2Btoken", with: "session%20token")
        #expect(throws: AWSError.signatureDoesNotMatch) { try verify(otherToken, services: ["sts"]) }
        var longer = request
        longer.query = request.query.replacingOccurrences(of: "X-Amz-Expires=900", with: "X-Amz-Expires=3600")
        #expect(throws: AWSError.signatureDoesNotMatch) { try verify(longer, services: ["sts"]) }
    }

    // MARK: - Error constants the server uses

    @Test func serverSideErrors() {
        #expect(
            AWSError.invalidClientTokenId
                == AWSError(
                    code: "InvalidClientTokenId", message: "The security token included in the request is invalid.",
                    httpStatus: 403))
        #expect(
            AWSError.expiredToken
                == AWSError(
                    code: "ExpiredToken", message: "The security token included in the request is expired",
                    httpStatus: 403))
        #expect(AWSError.signatureDoesNotMatch.httpStatus == 403)
        #expect(
            AWSError.signatureDoesNotMatch.message == "The request signature we calculated does not match the "
                + "signature you provided. Check your AWS Secret Access Key and signing method. Consult the service "
                + "documentation for details.")
        #expect(AWSError.incompleteSignature("x").httpStatus == 400)
    }

}
