import Testing

@testable import RampartPolicy

@Suite struct LintDuplicateNameRuleTests {
    @Test func aSecondOperatorBlockHidesTheMFATest() throws {
        // Read last-wins, the MFA test is gone: only the duplicate is reported, at the second "Bool".
        let json = """
            {
                "Statement": {
                    "Effect": "Deny",
                    "Action": "*",
                    "Resource": "*",
                    "Condition": {
                        "BoolIfExists": {"aws:MultiFactorAuthPresent": "false"},
                        "BoolIfExists": {"aws:ViaAWSService": "false"}
                    }
                }
            }
            """
        let findings = try MFAPolicyLinter.lint(json)
        #expect(findings.map(Located.init) == [Located(.duplicateName, 8, 13)])
        #expect(findings[0].message == "\"BoolIfExists\" appears more than once in the same object")
    }

    @Test func theLastOfARepeatedKeyIsJudged() throws {
        let json = """
            {
                "Statement": {
                    "Effect": "Deny", "Action": "*", "Resource": "*",
                    "Condition": {"Bool": {
                        "aws:MultiFactorAuthPresent": "true",
                        "aws:MultiFactorAuthPresent": "false"
                    }}
                }
            }
            """
        #expect(try located(json) == [Located(.denyBoolFalse, 4, 23), Located(.duplicateName, 6, 13)])
    }

    @Test func distinctNamesAreFine() throws {
        #expect(try located(forceMFAPolicy).allSatisfy { $0.rule != MFALintRule.duplicateName.rawValue })
    }
}
