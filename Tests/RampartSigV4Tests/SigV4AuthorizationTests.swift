import Foundation
import RampartCore
import Testing

@testable import RampartSigV4

@Suite struct SigV4AuthorizationTests {
    static let credential = "AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request"
    static let signature = "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"
    static let header =
        "AWS4-HMAC-SHA256 Credential=\(credential), SignedHeaders=content-type;host;x-amz-date, Signature=\(signature)"

    private func request(authorization: String?, date: String? = "20150830T123600Z", query: String = "")
        -> SigV4Request
    {
        var headers: [(name: String, value: String)] = [("Host", "iam.amazonaws.com")]
        if let date { headers.append(("X-Amz-Date", date)) }
        if let authorization { headers.append(("Authorization", authorization)) }
        return SigV4Request(method: "POST", path: "/", query: query, headers: headers)
    }

    private func expectFailure(
        _ expected: AWSError, authorization: String?, date: String? = "20150830T123600Z", query: String = "",
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(throws: expected, sourceLocation: sourceLocation) {
            try SigV4Authorization(request: request(authorization: authorization, date: date, query: query))
        }
    }

    @Test func parsesAHeader() throws {
        let auth = try SigV4Authorization(request: request(authorization: Self.header))
        #expect(auth.accessKeyId == "AKIDEXAMPLE")
        #expect(auth.scopeDate == "20150830")
        #expect(auth.region == "us-east-1")
        #expect(auth.service == "iam")
        #expect(auth.signedHeaders == ["content-type", "host", "x-amz-date"])
        #expect(auth.signature == Self.signature)
        #expect(auth.requestDate == amzDate("20150830T123600Z"))
        #expect(auth.securityToken == nil)
        #expect(!auth.isPresigned)
        #expect(auth.expiresIn == nil)
    }

    @Test(arguments: [
        "AWS4-HMAC-SHA256 Credential=\(credential),SignedHeaders=content-type;host;x-amz-date,Signature=\(signature)",
        "AWS4-HMAC-SHA256 Signature=\(signature), Credential=\(credential), SignedHeaders=content-type;host;x-amz-date",
        "  AWS4-HMAC-SHA256   Credential=\(credential) SignedHeaders=content-type;host;x-amz-date  Signature=\(signature) ",
        "AWS4-HMAC-SHA256 Credential=\(credential), SignedHeaders=Content-Type;HOST;x-amz-date, Signature=\(signature)",
    ])
    func acceptsAnyOrderAndSeparator(header: String) throws {
        let auth = try SigV4Authorization(request: request(authorization: header))
        #expect(auth.accessKeyId == "AKIDEXAMPLE")
        #expect(auth.signedHeaders == ["content-type", "host", "x-amz-date"])
        #expect(auth.signature == Self.signature)
    }

    @Test(arguments: [
        "", "   ", "Basic YWxhZGRpbjpvcGVuc2VzYW1l", "Bearer x", "AWS AKIDEXAMPLE:c2lnbmF0dXJl",
        "aws4-hmac-sha256 Credential=x", "AWS3-HTTPS AWSAccessKeyId=x",
    ])
    func anythingButSigV4IsNoAuthenticationAtAll(header: String) {
        expectFailure(.missingAuthenticationToken, authorization: header)
    }

    @Test func noAuthorizationAtAll() {
        expectFailure(.missingAuthenticationToken, authorization: nil)
        expectFailure(.missingAuthenticationToken, authorization: nil, query: "Action=ListUsers&Version=2010-05-08")
        #expect(
            AWSError.missingAuthenticationToken
                == AWSError(
                    code: "MissingAuthenticationToken", message: "Request is missing Authentication Token",
                    httpStatus: 403))
    }

    @Test func missingParametersAreListedTogether() {
        let bare = "AWS4-HMAC-SHA256"
        expectFailure(
            .incompleteSignature(
                "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' "
                    + "parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires "
                    + "existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=\(bare)"),
            authorization: bare, date: nil)
        let noCredential = "AWS4-HMAC-SHA256 SignedHeaders=host, Signature=abc"
        expectFailure(
            .incompleteSignature("Authorization header requires 'Credential' parameter. Authorization=\(noCredential)"),
            authorization: noCredential)
        let noSignature = "AWS4-HMAC-SHA256 Credential=\(Self.credential), SignedHeaders=host, Signature="
        expectFailure(
            .incompleteSignature("Authorization header requires 'Signature' parameter. Authorization=\(noSignature)"),
            authorization: noSignature)
        let noSignedHeaders = "AWS4-HMAC-SHA256 Credential=\(Self.credential), Signature=abc"
        expectFailure(
            .incompleteSignature(
                "Authorization header requires 'SignedHeaders' parameter. Authorization=\(noSignedHeaders)"),
            authorization: noSignedHeaders)
        // Names are case-sensitive, as AWS's are.
        let lowercase = "AWS4-HMAC-SHA256 credential=\(Self.credential), signedheaders=host, signature=abc"
        #expect(throws: AWSError.self) { try SigV4Authorization(request: request(authorization: lowercase)) }
    }

    @Test func pairWithoutEqualSign() {
        let header = "AWS4-HMAC-SHA256 Credential, SignedHeaders=host, Signature=abc"
        expectFailure(
            .incompleteSignature(
                "'Credential' not a valid key=value pair (missing equal-sign) in Authorization header: '\(header)'."),
            authorization: header)
    }

    @Test func repeatedParameter() {
        let header =
            "AWS4-HMAC-SHA256 Credential=\(Self.credential), Credential=OTHER/20150830/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=abc"
        expectFailure(
            .incompleteSignature("'Credential' appears more than once in Authorization header: '\(header)'."),
            authorization: header)
    }

    @Test func unsupportedAlgorithm() {
        expectFailure(
            .incompleteSignature("Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512' (only AWS4-HMAC-SHA256 for now). "),
            authorization: Self.header.replacingOccurrences(of: "SHA256", with: "SHA512"))
        expectFailure(
            .incompleteSignature(
                "Unsupported AWS 'algorithm': 'AWS4-ECDSA-P256-SHA256' (only AWS4-HMAC-SHA256 for now). "),
            authorization: Self.header.replacingOccurrences(of: "AWS4-HMAC-SHA256", with: "AWS4-ECDSA-P256-SHA256"))
    }

    @Test func badDates() {
        expectFailure(.malformedDate("201"), authorization: Self.header, date: "201")
        expectFailure(.malformedDate("2015-08-30T12:36:00Z"), authorization: Self.header, date: "2015-08-30T12:36:00Z")
        var twoDates = request(authorization: Self.header)
        twoDates.headers.append((name: "x-amz-date", value: "20150830T123601Z"))
        #expect(throws: AWSError.malformedDate("20150830T123600Z,20150830T123601Z")) {
            try SigV4Authorization(request: twoDates)
        }
    }

    @Test func dateHeaderWhenThereIsNoXAmzDate() throws {
        var withDate = request(authorization: Self.header, date: nil)
        withDate.headers.append((name: "Date", value: "Sun, 30 Aug 2015 12:36:00 GMT"))
        #expect(try SigV4Authorization(request: withDate).requestDate == amzDate("20150830T123600Z"))
        var both = withDate
        both.headers.append((name: "X-Amz-Date", value: "20150830T000000Z"))
        #expect(try SigV4Authorization(request: both).requestDate == amzDate("20150830T000000Z"))
    }

    @Test func badCredential() {
        expectFailure(
            .incompleteSignature(
                "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'a/b/c/d'"
            ),
            authorization: Self.header.replacingOccurrences(of: Self.credential, with: "a/b/c/d"))
    }

    @Test func securityTokenFromHeader() throws {
        var withToken = request(authorization: Self.header)
        withToken.headers.append((name: "X-Amz-Security-Token", value: "token+/="))
        #expect(try SigV4Authorization(request: withToken).securityToken == "token+/=")
    }

    @Test func twoAuthorizationHeaders() {
        var twice = request(authorization: Self.header)
        twice.headers.append((name: "authorization", value: Self.header))
        #expect(throws: AWSError.incompleteSignature("Only one Authorization header is allowed.")) {
            try SigV4Authorization(request: twice)
        }
    }

    @Test func headerAndQueryAuthenticationTogether() {
        expectFailure(
            .incompleteSignature(
                "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string "
                    + "parameter or the Authorization header should be specified"),
            authorization: Self.header, query: "X-Amz-Signature=abc")
    }

    // MARK: - Presigned

    static let presignedQuery =
        "Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256"
        + "&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fsts%2Faws4_request&X-Amz-Date=20150830T123600Z"
        + "&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Security-Token=to%2Bken%3D&X-Amz-Signature=abc"

    @Test func parsesAPresignedQuery() throws {
        let auth = try SigV4Authorization(request: request(authorization: nil, date: nil, query: Self.presignedQuery))
        #expect(auth.isPresigned)
        #expect(auth.accessKeyId == "AKIDEXAMPLE")
        #expect(auth.service == "sts")
        #expect(auth.signedHeaders == ["host"])
        #expect(auth.signature == "abc")
        #expect(auth.expiresIn == 900)
        #expect(auth.securityToken == "to+ken=")
        #expect(auth.requestDate == amzDate("20150830T123600Z"))
    }

    private func presigned(replacing parameter: String, with value: String?) -> String {
        Self.presignedQuery.split(separator: "&").compactMap { pair -> String? in
            guard pair.hasPrefix(parameter + "=") else { return String(pair) }
            return value.map { "\(parameter)=\($0)" }
        }.joined(separator: "&")
    }

    @Test func presignedMissingParameters() {
        let query = presigned(replacing: "X-Amz-Credential", with: nil)
        expectFailure(
            .incompleteSignature(
                "AWS query-string parameters must include 'X-Amz-Credential'. Re-examine the query-string parameters."),
            authorization: nil, query: query)
        expectFailure(
            .incompleteSignature(
                "AWS query-string parameters must include 'X-Amz-Algorithm'. AWS query-string parameters must include "
                    + "'X-Amz-Credential'. AWS query-string parameters must include 'X-Amz-SignedHeaders'. AWS "
                    + "query-string parameters must include 'X-Amz-Date'. Re-examine the query-string parameters."),
            authorization: nil, query: "X-Amz-Signature=abc")
    }

    @Test func presignedRepeatedParameter() {
        expectFailure(
            .incompleteSignature(
                "AWS query-string parameter 'X-Amz-Signature' must appear only once. Re-examine the query-string parameters."
            ),
            authorization: nil, query: Self.presignedQuery + "&X-Amz-Signature=def")
    }

    @Test(arguments: [
        ("abc", "X-Amz-Expires should be a number"), ("", "X-Amz-Expires should be a number"),
        ("1.5", "X-Amz-Expires should be a number"), ("-", "X-Amz-Expires should be a number"),
        ("+60", "X-Amz-Expires should be a number"), ("0x10", "X-Amz-Expires should be a number"),
        ("-1", "X-Amz-Expires must be non-negative"),
        ("-99999999999999999999999", "X-Amz-Expires must be non-negative"),
        ("604801", "X-Amz-Expires must be less than a week (in seconds) that is 604800"),
        ("99999999999999999999999999999999", "X-Amz-Expires must be less than a week (in seconds) that is 604800"),
        ("9223372036854775808", "X-Amz-Expires must be less than a week (in seconds) that is 604800"),
    ])
    func presignedBadExpires(value: String, message: String) {
        expectFailure(
            .incompleteSignature(message), authorization: nil,
            query: presigned(replacing: "X-Amz-Expires", with: value))
    }

    @Test(arguments: [("0", 0), ("-0", 0), ("604800", 604_800), ("000060", 60)])
    func presignedGoodExpires(value: String, expected: Int) throws {
        let auth = try SigV4Authorization(
            request: request(authorization: nil, date: nil, query: presigned(replacing: "X-Amz-Expires", with: value)))
        #expect(auth.expiresIn == expected)
    }

    @Test func presignedBadDateAndAlgorithm() {
        expectFailure(
            .malformedDate("yesterday"), authorization: nil,
            query: presigned(replacing: "X-Amz-Date", with: "yesterday"))
        expectFailure(
            .incompleteSignature("Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA1' (only AWS4-HMAC-SHA256 for now). "),
            authorization: nil, query: presigned(replacing: "X-Amz-Algorithm", with: "AWS4-HMAC-SHA1"))
    }

    /// Whatever bytes arrive, parsing answers with an AWSError or a value; it never traps.
    @Test func garbageNeverCrashes() {
        var generator = SplitMix64(seed: 0x5EED)
        let alphabet = Array(
            "AWS4-HMAC-SHA256 Credential=/;,=%+&SignedHeaders=Signature=X-Amz-Date\u{0}\u{7F}é\t ".utf8)
        for _ in 0..<5000 {
            let length = Int(generator.next() % 160)
            let bytes = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            let text = String(decoding: bytes, as: UTF8.self)
            let candidates = [
                SigV4Request(
                    method: "POST", path: "/", headers: [("Authorization", "AWS4-" + text), ("X-Amz-Date", text)]),
                SigV4Request(method: "GET", path: "/", query: text, headers: [("Host", "h")]),
                SigV4Request(method: "GET", path: "/", query: "X-Amz-Signature=1&" + text, headers: [("Date", text)]),
            ]
            for candidate in candidates {
                _ = try? SigV4Authorization(request: candidate)
            }
        }
    }
}

/// A small seeded generator, so that the garbage is the same on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
