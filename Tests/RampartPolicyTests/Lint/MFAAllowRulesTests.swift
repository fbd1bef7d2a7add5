import Testing

@testable import RampartPolicy

@Suite struct MFAAllowRulesTests {
    struct Case: Sendable, CustomStringConvertible {
        var operatorName: String
        var key = "aws:MultiFactorAuthPresent"
        var value: String
        var expected: [MFALintRule]
        var description: String { "Allow \(operatorName) \(key) \(value)" }
    }

    static let cases: [Case] = [
        // Strict MFA requirements are clean; a numeric test fails closed on an absent key.
        Case(operatorName: "Bool", value: "\"true\"", expected: []),
        Case(operatorName: "Bool", value: "true", expected: []),
        Case(operatorName: "NumericLessThan", key: "aws:MultiFactorAuthAge", value: "\"3600\"", expected: []),
        Case(operatorName: "NumericLessThanEquals", key: "aws:MultiFactorAuthAge", value: "3600", expected: []),
        Case(operatorName: "Null", key: "aws:MultiFactorAuthAge", value: "\"false\"", expected: []),
        // Rule mfa-allow-boolifexists-true.
        Case(operatorName: "BoolIfExists", value: "\"true\"", expected: [.allowBoolIfExistsTrue]),
        Case(operatorName: "BoolIfExists", value: "[\"TRUE\"]", expected: [.allowBoolIfExistsTrue]),
        // Rule mfa-allow-null-false.
        Case(operatorName: "Null", value: "\"false\"", expected: [.allowNullFalse]),
        // Rule mfa-allow-inverted.
        Case(operatorName: "Bool", value: "\"false\"", expected: [.allowInverted]),
        Case(operatorName: "BoolIfExists", value: "\"false\"", expected: [.allowInverted]),
        Case(operatorName: "Null", value: "\"true\"", expected: [.allowInverted]),
        Case(operatorName: "Null", key: "aws:MultiFactorAuthAge", value: "\"true\"", expected: [.allowInverted]),
        // Rule mfa-allow-without-mfa.
        Case(
            operatorName: "NumericLessThanIfExists", key: "aws:MultiFactorAuthAge", value: "\"3600\"",
            expected: [.allowWithoutMFA]),
        Case(operatorName: "BoolIfExists", value: "[\"true\", \"false\"]", expected: [.allowWithoutMFA]),
        // Rule mfa-allow-age-inverted.
        Case(
            operatorName: "NumericGreaterThan", key: "aws:MultiFactorAuthAge", value: "\"3600\"",
            expected: [.allowAgeInverted]),
        // Rule mfa-allow-never-matches.
        Case(
            operatorName: "NumericLessThan", key: "aws:MultiFactorAuthAge", value: "\"-1\"",
            expected: [.allowNeverMatches]),
    ]

    @Test(arguments: cases) func singleConditionAllow(testCase: Case) throws {
        let json = singleCondition(
            effect: "Allow", operator: testCase.operatorName, key: testCase.key, value: testCase.value)
        #expect(try located(json) == testCase.expected.map { Located($0, operatorLine, operatorColumn) })
    }

    @Test func ageLimitNextToBoolIfExistsRequiresMFA() throws {
        // Conditions are ANDed: the age test refuses requests without MFA even though BoolIfExists lets them in.
        let json = """
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Action": "ec2:TerminateInstances",
                        "Resource": "*",
                        "Condition": {
                            "BoolIfExists": {"aws:MultiFactorAuthPresent": "true"},
                            "NumericLessThan": {"aws:MultiFactorAuthAge": "900"}
                        }
                    }
                ]
            }
            """
        #expect(try located(json) == [])
    }

    @Test func contradictoryConditionsPointAtTheSecond() throws {
        let json = """
            {
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Action": "*",
                        "Resource": "*",
                        "Condition": {
                            "Bool": {"aws:MultiFactorAuthPresent": "true"},
                            "Null": {"aws:MultiFactorAuthPresent": "true"}
                        }
                    }
                ]
            }
            """
        #expect(try located(json) == [Located(.allowNeverMatches, 9, 17)])
    }

    @Test func trustPolicyWithBoolIfExists() throws {
        let json = """
            {
              "Version": "2012-10-17",
              "Statement": {
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                "Action": "sts:AssumeRole",
                "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}
              }
            }
            """
        let findings = try MFAPolicyLinter.lint(json)
        #expect(findings.map(Located.init) == [Located(.allowBoolIfExistsTrue, 7, 19)])
        #expect(findings[0].fix.hasPrefix("Use \"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}"))
    }

    @Test func ageIfExistsFixDropsIfExists() throws {
        let json = singleCondition(
            effect: "Allow", operator: "NumericLessThanIfExists", key: "aws:MultiFactorAuthAge", value: "\"3600\"")
        let finding = try #require(try MFAPolicyLinter.lint(json).first)
        #expect(finding.fix.hasPrefix("Replace \"NumericLessThanIfExists\" with \"NumericLessThan\""))
        #expect(finding.why.contains("temporary credentials with recent MFA: allowed"))
        #expect(finding.why.contains("temporary credentials with MFA older than the age limit: not allowed"))
    }
}
