import RampartCore
import Testing

@testable import RampartSigV4

@Suite struct CredentialScopeTests {
    @Test func splitsFiveParts() throws {
        let scope = try CredentialScope(credential: "AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request")
        #expect(
            scope
                == CredentialScope(
                    accessKeyId: "AKIDEXAMPLE", date: "20150830", region: "us-east-1", service: "iam",
                    terminator: "aws4_request"))
        #expect(scope.scope == "20150830/us-east-1/iam/aws4_request")
        #expect(try CredentialScope(credential: "AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request//") == scope)
    }

    @Test(arguments: ["", "a/b/c/d", "a/b/c/d/e/f", "AKIDEXAMPLE", "a//b/c/d/e"])
    func refusesOtherShapes(credential: String) {
        #expect(
            throws: AWSError.incompleteSignature(
                "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '\(credential)'"
            )
        ) { try CredentialScope(credential: credential) }
    }

    @Test(arguments: [
        "us-east-1", "eu-central-1", "us-gov-west-1", "cn-northwest-1", "us-isob-east-1", "ap-southeast-5",
        "il-central-1",
    ])
    func acceptsRegionShapes(region: String) {
        #expect(CredentialScope.isPlausibleRegion(region))
    }

    @Test(arguments: [
        "", "aws-global", "us-east", "US-EAST-1", "us-east-1a", "useast1", "us--1", "u-east-1", "us-east-123",
        "us-east-1 ", "local", "us-e4st-1",
    ])
    func refusesOtherRegions(region: String) {
        #expect(!CredentialScope.isPlausibleRegion(region))
    }

    /// All four sentences at once, in AWS's order and wording.
    @Test func reportsEveryProblem() throws {
        let scope = try CredentialScope(credential: "AKID/20150829/wrong/sts/aws5_request")
        let problems = scope.problems(
            requestDate: try AmzDate(basicFormat: "20150830T123600Z"), acceptedServices: ["iam"])
        let expected: [String] = [
            "Credential should be scoped to a valid region, not 'wrong'. ",
            "Credential should be scoped to correct service: 'iam'. ",
            "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. ",
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
                + "'20150829' != '20150830', from '20150830T123600Z'. ",
        ]
        #expect(problems == expected)
        let good = try CredentialScope(credential: "AKID/20150830/us-east-1/iam/aws4_request")
        #expect(
            good.problems(requestDate: try AmzDate(basicFormat: "20150830T000000Z"), acceptedServices: ["iam"]).isEmpty)
    }
}
