import RampartCore
import Testing

@testable import RampartSigV4

@Suite struct CanonicalRequestTests {
    @Test func vectorFilesAreThere() {
        #expect(VectorFile.awsSuite.count == 31)
        #expect(VectorFile.botocore.count == 19)
    }

    /// Each vector's canonical request and string to sign, as AWS or botocore computed them.
    @Test(arguments: VectorFile.awsSuite + VectorFile.botocore)
    func matchesPublishedCanonicalRequest(_ vector: Vector) throws {
        let request = vector.sigV4Request
        let auth = try SigV4Authorization(request: request)
        let canonical = try CanonicalRequest(
            request: request, signedHeaders: auth.signedHeaders,
            payloadHash: try SigV4Verifier.payloadHash(of: request), isPresigned: auth.isPresigned)
        #expect(canonical.text == vector.canonicalRequest)
        let stringToSign = StringToSign(
            requestTime: AmzDate(auth.requestDate), credentialScope: auth.credentialScope, canonicalRequest: canonical)
        #expect(stringToSign.text == vector.stringToSign)
    }

    /// The worked example in the AWS General Reference, step by step.
    @Test func iamListUsersExample() throws {
        let vector = try #require(VectorFile.awsSuite.first { $0.name == "iam-list-users-general-reference-example" })
        let request = vector.sigV4Request
        let canonical = try CanonicalRequest(
            request: request, signedHeaders: ["content-type", "host", "x-amz-date"],
            payloadHash: try SigV4Verifier.payloadHash(of: request), isPresigned: false)
        #expect(
            String(decoding: canonical.hexHash, as: UTF8.self)
                == "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59")
        let key = SigningKey(
            secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", date: "20150830", region: "us-east-1",
            service: "iam")
        #expect(Hex.string(key.bytes) == "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9")
        let stringToSign = StringToSign(
            requestTime: try AmzDate(basicFormat: "20150830T123600Z"),
            credentialScope: "20150830/us-east-1/iam/aws4_request", canonicalRequest: canonical)
        #expect(
            String(decoding: key.signature(of: stringToSign), as: UTF8.self)
                == "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7")
    }

    @Test(arguments: [
        ("", "/"), ("/", "/"), ("//", "/"), ("/./", "/"), ("/example/..", "/"), ("/a/b/../..", "/"),
        ("/../../x", "/x"), ("//example//", "/example/"), ("/./example", "/example"), ("/a/./b/../c/", "/a/c/"),
        ("/example space/", "/example%20space/"), ("/%20", "/%2520"), ("/\u{1234}", "/%E1%88%B4"),
        ("/-._~AZaz09", "/-._~AZaz09"), ("/a+b=c", "/a%2Bb%3Dc"),
    ])
    func canonicalURI(path: String, expected: String) {
        #expect(String(decoding: CanonicalRequest.uri(path: path), as: UTF8.self) == expected)
    }

    @Test(arguments: [
        ("value", "value"), ("  a   b  ", "a b"), ("\ta\t\tb\n", "a b"), ("", ""), ("   ", ""),
        ("\"a   b   c\"", "\"a b c\""),
    ])
    func headerValuesAreTrimmed(value: String, expected: String) {
        var output = [UInt8]()
        CanonicalRequest.appendTrimmed(value, to: &output)
        #expect(String(decoding: output, as: UTF8.self) == expected)
    }

    @Test func repeatedHeadersJoinInOrderAndNamesMatchAnyCase() throws {
        let request = SigV4Request(
            method: "GET", path: "/",
            headers: [("HOST", "h"), ("my-header", " b "), ("My-Header", "a"), ("X-AMZ-DATE", "20150830T123600Z")])
        let canonical = try CanonicalRequest(
            request: request, signedHeaders: ["host", "my-header", "x-amz-date"], payloadHash: "p",
            isPresigned: false)
        #expect(
            canonical.text
                == "GET\n/\n\nhost:h\nmy-header:b,a\nx-amz-date:20150830T123600Z\n\nhost;my-header;x-amz-date\np")
    }

    @Test func presignedLeavesOutOnlyItsSignature() throws {
        let request = SigV4Request(
            method: "GET", path: "/", query: "X-Amz-Signature=abc&b=2&X-Amz-Signaturex=1&a=1", headers: [("Host", "h")])
        let presigned = try CanonicalRequest(
            request: request, signedHeaders: ["host"], payloadHash: "p", isPresigned: true)
        #expect(presigned.text == "GET\n/\nX-Amz-Signaturex=1&a=1&b=2\nhost:h\n\nhost\np")
        let plain = try CanonicalRequest(
            request: request, signedHeaders: ["host"], payloadHash: "p", isPresigned: false)
        #expect(plain.text == "GET\n/\nX-Amz-Signature=abc&X-Amz-Signaturex=1&a=1&b=2\nhost:h\n\nhost\np")
    }
}
