import Foundation
import Testing

@testable import RampartSigV4

@Suite struct SigV4SignerTests {
    let signer = SigV4Signer()

    /// Re-signing botocore's header-signed requests gives botocore's exact Authorization header.
    /// (This signer always dates with X-Amz-Date, so the vector dated by `Date` is left out.)
    @Test(arguments: VectorFile.botocore.filter { $0.presigned != true && $0.sigV4Request.hasHeader("x-amz-date") })
    func signsLikeBotocore(_ vector: Vector) throws {
        let original = vector.sigV4Request
        let auth = try SigV4Authorization(request: original)
        // Only the headers botocore signed; the rest were added after signing.
        var request = original
        request.headers = original.headers.filter {
            auth.signedHeaders.contains($0.name.lowercased())
                && !["x-amz-date", "x-amz-security-token"].contains($0.name.lowercased())
        }
        try signer.sign(
            &request, accessKeyId: vector.accessKeyId, secretAccessKey: vector.secretAccessKey,
            sessionToken: vector.sessionToken, region: vector.region, service: vector.service, date: amzDate(vector.now)
        )
        #expect(request.header("authorization") == original.header("authorization"))
        #expect(request.header("x-amz-date") == original.header("x-amz-date"))
        #expect(request.header("x-amz-security-token") == original.header("x-amz-security-token"))
    }

    /// And presigning gives botocore's exact query string.
    @Test(arguments: VectorFile.botocore.filter { $0.presigned == true })
    func presignsLikeBotocore(_ vector: Vector) throws {
        let original = vector.sigV4Request
        let operation = original.query.split(separator: "&").filter { !$0.hasPrefix("X-Amz-") }.joined(separator: "&")
        let template = SigV4Request(
            method: original.method, path: original.path, query: operation, headers: original.headers)
        let query = try signer.presign(
            template, accessKeyId: vector.accessKeyId, secretAccessKey: vector.secretAccessKey,
            sessionToken: vector.sessionToken, region: vector.region, service: vector.service,
            date: amzDate(vector.now),
            expiresIn: try #require(vector.expiresIn))
        #expect(query == original.query)
    }

    @Test func replacesEarlierAuthentication() throws {
        var request = SigV4Request(
            method: "POST", path: "/",
            headers: [("Host", "iam.amazonaws.com"), ("Authorization", "old"), ("X-Amz-Date", "old")])
        try signer.sign(
            &request, accessKeyId: "AKID", secretAccessKey: "secret", sessionToken: "token", region: "us-east-1",
            service: "iam", date: amzDate("20260314T150926Z"))
        #expect(request.values(ofHeader: "authorization").count == 1)
        #expect(request.values(ofHeader: "x-amz-date") == ["20260314T150926Z"])
        let auth = try SigV4Authorization(request: request)
        #expect(auth.signedHeaders == ["host", "x-amz-date", "x-amz-security-token"])
        #expect(auth.securityToken == "token")
        try SigV4Verifier(clock: FixedClock(now: amzDate("20260314T150926Z")))
            .verify(request, auth, secretAccessKey: "secret", acceptedServices: ["iam"])
    }

    @Test func leavesHopByHopHeadersUnsigned() {
        let request = SigV4Request(
            method: "POST", path: "/",
            headers: [
                ("Host", "h"), ("User-Agent", "u"), ("Expect", "100-continue"), ("Content-Type", "c"),
                ("content-type", "d"),
            ])
        #expect(SigV4Signer.headersToSign(request) == ["content-type", "host"])
    }
}
