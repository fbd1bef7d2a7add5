import Foundation
import RampartPolicy
import RampartTestSupport
import Testing

/// Each case is text a last-one-wins or lenient reader accepted with a meaning other than the one a
/// reviewer reads; IAM refuses all of them with "Syntax errors in policy.".
@Suite struct PolicyJSONStrictnessTests {
    private static let deny = #"{"Effect":"Deny","Action":"iam:*","Resource":"*"}"#
    private static let allow = #"{"Effect":"Allow","Action":"iam:*","Resource":"*"}"#

    static let refused: [String] = [
        // A Deny hidden behind a second Statement member.
        #"{"Version":"2012-10-17","Statement":[\#(deny)],"Statement":[\#(allow)]}"#,
        #"{"Version":"2012-10-17","Version":"2012-10-17","Statement":[\#(allow)]}"#,
        #"{"Statement":[{"Effect":"Deny","Effect":"Allow","Action":"iam:*","Resource":"*"}]}"#,
        #"{"Statement":[{"Effect":"Allow","Action":"iam:GetUser","Action":"iam:*","Resource":"*"}]}"#,
        #"{"Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"},"Bool":{"aws:SecureTransport":"true"}}}]}"#,
        #"{"Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true","aws:MultiFactorAuthPresent":"false"}}}]}"#,
        #"{"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"arn:aws:iam::123456789012:root","AWS":"*"}}]}"#,
        // Trailing commas, in an object and in an array.
        #"{"Statement":[\#(allow)],}"#,
        #"{"Statement":[\#(allow),]}"#,
        #"{"Statement":[{"Effect":"Allow","Action":["iam:GetUser",],"Resource":"*"}]}"#,
        // Comments, NaN, leading zeros, raw control characters, bad escapes, lone surrogates.
        #"{"Statement":[\#(allow)] /* c */}"#,
        #"// c"# + "\n" + #"{"Statement":[\#(allow)]}"#,
        #"{"Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*","Condition":{"NumericLessThan":{"s3:max-keys":NaN}}}]}"#,
        #"{"Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*","Condition":{"NumericLessThan":{"s3:max-keys":010}}}]}"#,
        "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:*\",\"Resource\":\"*\",\"Sid\":\"a\u{01}\"}]}",
        #"{"Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"arn:aws:s3:::\x"}]}"#,
        #"{"Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"arn:aws:s3:::\ud800"}]}"#,
        #"{"Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"arn:aws:s3:::\udc00\ud800"}]}"#,
        #"{'Statement':[\#(allow)]}"#,
        #"{"Statement":[\#(allow)]} {}"#,
    ]

    @Test(arguments: refused)
    func refusedWithIAMsSyntaxMessage(_ json: String) {
        #expect(throws: PolicyDocumentError.syntax) { try PolicyDocument(json: json, kind: .identity) }
    }

    @Test func duplicateStatementInATrustPolicyIsRefused() {
        let trust = #"{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"*"}}"#
        let json =
            #"{"Statement":[{"Effect":"Deny","Action":"sts:AssumeRole","Principal":{"AWS":"*"}}],"Statement":[\#(trust)]}"#
        #expect(throws: PolicyDocumentError.syntax) { try PolicyDocument(json: json, kind: .trust) }
    }

    @Test func nestingBeyondTheLimitIsRefusedWithoutExhaustingTheStack() {
        let depth = 100_000
        let json =
            #"{"Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*","Condition":"#
            + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}]}"
        #expect(throws: PolicyDocumentError.syntax) { try PolicyDocument(json: json, kind: .identity) }
    }

    /// The same names in different objects, and escaped surrogate pairs, are fine.
    @Test func validTextIsStillAccepted() throws {
        let json = #"""
            {"Version":"2012-10-17","Statement":[
              {"Sid":"One","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/\ud83d\ude00",
               "Condition":{"NumericLessThan":{"s3:max-keys":10},"Bool":{"aws:SecureTransport":true}}},
              {"Sid":"Two","Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":false}}}
            ]}
            """#
        let document = try PolicyDocument(json: json, kind: .identity)
        #expect(document.statements.count == 2)
        #expect(document.statements[0].resources == ["arn:aws:s3:::b/😀"])
        #expect(document.statements[0].condition?["NumericLessThan"]?["s3:max-keys"] == ["10"])
        #expect(document.statements[0].condition?["Bool"]?["aws:SecureTransport"] == ["true"])
        #expect(document.statements[1].condition?["Bool"]?["aws:SecureTransport"] == ["false"])
    }

    @Test func policyParsingIsLinear() {
        let steps = Linearity.superLinearSteps(
            input: { size in
                let head =
                    #"{"Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*","Condition":{"StringEquals":{"k":["#
                var body = Array(head.utf8)
                while body.count < size { body += Array(#""vvvvvvvv\u0041","#.utf8) }
                body += Array(#""x"]}}}]}"#.utf8)
                return body
            },
            parse: { bytes in _ = try? PolicyDocument(json: String(decoding: bytes, as: UTF8.self), kind: .identity) })
        #expect(steps.isEmpty, "\(steps)")
    }
}
