import Foundation
import RampartCore
import RampartTestSupport
import Testing

@testable import RampartSigV4

/// The signature is checked only after the Authorization header, the query string and the canonical
/// request have been built from what the client sent, so each must cost time in proportion to it.
@Suite struct SigV4LinearityTests {
    static let now = amzDate("20260314T150926Z")
    static let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

    /// `count` distinct headers, every one of them signed.
    private static func manySignedHeaders(_ count: Int) -> (SigV4Request, [String]) {
        var headers: [(name: String, value: String)] = [("Host", "iam.amazonaws.com")]
        var names = ["host"]
        for index in 0..<count {
            let name = "x-h\(index)"
            headers.append((name: name, value: "v"))
            names.append(name)
        }
        return (SigV4Request(method: "POST", path: "/", headers: headers), names)
    }

    /// Thousands of SignedHeaders against thousands of headers: each name scanned every header.
    @Test func canonicalRequestWithManySignedHeaders() {
        let steps = Linearity.superLinearSteps(
            input: { size in Self.manySignedHeaders(size / 16) },
            parse: { input in
                _ = try? CanonicalRequest(
                    request: input.0, signedHeaders: input.1, payloadHash: "", isPresigned: false)
            })
        #expect(steps.isEmpty, "\(steps)")
    }

    @Test func groupedHeadersKeepOrderCaseAndRepeats() throws {
        var (request, names) = Self.manySignedHeaders(300)
        request.headers.append((name: "X-Dup", value: " a  b "))
        request.headers.append((name: "x-dup", value: "c"))
        names.append("x-dup")
        let canonical = try CanonicalRequest(
            request: request, signedHeaders: names, payloadHash: "", isPresigned: false)
        #expect(canonical.text.contains("\nx-dup:a b,c\n"))
        #expect(canonical.text.contains("\nhost:iam.amazonaws.com\nx-h0:v\n"))
        #expect(canonical.text.contains("\nx-h299:v\n"))
    }

    /// A request signed with more headers than the scan limit still verifies: the check for names
    /// signed twice does not refuse a real signer's list.
    @Test func manyHeadersVerify() throws {
        var (request, _) = Self.manySignedHeaders(300)
        try SigV4Signer().sign(
            &request, accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: Self.secret, sessionToken: nil,
            region: "us-east-1", service: "iam", date: Self.now)
        let verifier = SigV4Verifier(clock: FixedClock(now: Self.now))
        try verifier.verify(
            request, try SigV4Authorization(request: request), secretAccessKey: Self.secret, acceptedServices: ["iam"])
    }

    @Test func authorizationHeaderWithManyParameters() {
        let steps = Linearity.superLinearSteps(
            input: { size in
                Array("AWS4-HMAC-SHA256 Credential=AKID/20260314/us-east-1/iam/aws4_request, Signature=00, ".utf8)
                    + Linearity.repeated("x=y,", toSize: size) + Array(", SignedHeaders=host".utf8)
            },
            parse: { bytes in
                _ = try? AuthorizationHeader(parsing: String(decoding: bytes, as: UTF8.self), hasDate: true)
            })
        #expect(steps.isEmpty, "\(steps)")
    }

    /// One long header signed thousands of times: each repeat copied its value into the canonical
    /// request again, so half the input repeated the other half as often as it could.
    @Test func oneLongHeaderSignedThousandsOfTimes() {
        let steps = Linearity.superLinearSteps(
            input: { size in
                let authorization =
                    "AWS4-HMAC-SHA256 Credential=AKID/20260314/us-east-1/iam/aws4_request, Signature=00, "
                    + "SignedHeaders=host" + String(repeating: ";x", count: size / 4)
                return SigV4Request(
                    method: "POST", path: "/",
                    headers: [
                        ("Host", "iam.amazonaws.com"), ("X-Amz-Date", "20260314T150926Z"),
                        ("X", String(repeating: "v", count: size / 2)), ("Authorization", authorization),
                    ])
            },
            parse: { request in
                guard let auth = try? SigV4Authorization(request: request) else { return }
                _ = try? SigV4Verifier(clock: FixedClock(now: Self.now))
                    .verify(request, auth, secretAccessKey: Self.secret, acceptedServices: ["iam"])
            })
        #expect(steps.isEmpty, "\(steps)")
    }

    @Test(arguments: ["a=b&", "%41%42=%43&", "&", "k.k.k.k="])
    func canonicalQueryOfManyParameters(_ unit: String) {
        let steps = Linearity.superLinearSteps(
            input: { size in Linearity.repeated(unit, toSize: size - size % unit.utf8.count) },
            parse: { bytes in
                guard let query = try? QueryParameters(rawQuery: String(decoding: bytes, as: UTF8.self)) else { return }
                _ = query.canonical(excludingSignature: true)
            })
        #expect(steps.isEmpty, "\(steps)")
    }
}
