import Testing

@testable import RampartPolicy

@Suite struct MFADenyRulesTests {
    struct Case: Sendable, CustomStringConvertible {
        var operatorName: String
        var key = "aws:MultiFactorAuthPresent"
        var value: String
        var effect = "Deny"
        var expected: [MFALintRule]
        var description: String { "\(effect) \(operatorName) \(key) \(value)" }
    }

    static let cases: [Case] = [
        // Rule mfa-deny-bool-false, in every spelling IAM accepts.
        Case(operatorName: "Bool", value: "\"false\"", expected: [.denyBoolFalse]),
        Case(operatorName: "bool", value: "false", expected: [.denyBoolFalse]),
        Case(operatorName: "BOOL", value: "\"FALSE\"", expected: [.denyBoolFalse]),
        Case(operatorName: "Bool", value: "[\"false\"]", expected: [.denyBoolFalse]),
        Case(operatorName: "Bool", value: "[false]", expected: [.denyBoolFalse]),
        Case(operatorName: "Bool", key: "aws:multifactorauthpresent", value: "\"false\"", expected: [.denyBoolFalse]),
        Case(operatorName: "Bool", value: "\"false\"", effect: "deny", expected: [.denyBoolFalse]),
        // The recommended gate and its equivalents are clean.
        Case(operatorName: "BoolIfExists", value: "\"false\"", expected: []),
        Case(operatorName: "boolifexists", value: "[false]", expected: []),
        Case(operatorName: "Null", key: "aws:MultiFactorAuthAge", value: "\"true\"", expected: []),
        Case(
            operatorName: "NumericGreaterThanIfExists", key: "aws:MultiFactorAuthAge", value: "\"3600\"", expected: []),
        // Rule mfa-deny-null-true.
        Case(operatorName: "Null", value: "\"true\"", expected: [.denyNullTrue]),
        Case(operatorName: "Null", value: "true", expected: [.denyNullTrue]),
        // Rule mfa-deny-age-without-ifexists.
        Case(
            operatorName: "NumericGreaterThan", key: "aws:MultiFactorAuthAge", value: "\"3600\"",
            expected: [.denyAgeWithoutIfExists]),
        Case(
            operatorName: "NumericGreaterThanEquals", key: "aws:MultiFactorAuthAge", value: "3600",
            expected: [.denyAgeWithoutIfExists]),
        // Rule mfa-deny-inverted: the Deny hits MFA sessions.
        Case(operatorName: "Bool", value: "\"true\"", expected: [.denyInverted]),
        Case(operatorName: "BoolIfExists", value: "\"true\"", expected: [.denyInverted]),
        Case(operatorName: "Null", value: "\"false\"", expected: [.denyInverted]),
        Case(
            operatorName: "NumericLessThan", key: "aws:MultiFactorAuthAge", value: "\"3600\"",
            expected: [.denyInverted]),
        Case(
            operatorName: "NumericLessThanIfExists", key: "aws:MultiFactorAuthAge", value: "\"3600\"",
            expected: [.denyInverted]),
        // Rule mfa-deny-always-matches.
        Case(operatorName: "BoolIfExists", value: "[\"true\", \"false\"]", expected: [.denyAlwaysMatches]),
        Case(operatorName: "Null", value: "[true, false]", expected: [.denyAlwaysMatches]),
    ]

    @Test(arguments: cases) func singleConditionDeny(testCase: Case) throws {
        let json = singleCondition(
            effect: testCase.effect, operator: testCase.operatorName, key: testCase.key, value: testCase.value)
        #expect(try located(json) == testCase.expected.map { Located($0, operatorLine, operatorColumn) })
    }

    @Test func boolFalseFindingExplainsAndFixes() throws {
        let finding = try #require(
            try MFAPolicyLinter.lint(singleCondition(effect: "Deny", operator: "Bool", value: "\"false\"")).first)
        #expect(finding.severity == .error)
        #expect(finding.statementIndex == 0)
        #expect(finding.sid == "Subject")
        #expect(
            finding.message
                == "Deny with \"Bool\": {\"aws:MultiFactorAuthPresent\": \"false\"} does not apply to requests signed"
                + " with long-term access keys")
        #expect(finding.why.contains("stolen access key works without MFA"))
        #expect(finding.fix.hasPrefix("Replace \"Bool\" with \"BoolIfExists\""))
    }

    @Test func ageDenyIsFineNextToAPresenceGate() throws {
        let json = """
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "DenyWithoutMFA", "Effect": "Deny", "Action": "*", "Resource": "*",
                        "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}
                    },
                    {
                        "Sid": "DenyOldMFA", "Effect": "Deny", "Action": "*", "Resource": "*",
                        "Condition": {"NumericGreaterThan": {"aws:MultiFactorAuthAge": "3600"}}
                    }
                ]
            }
            """
        #expect(try located(json) == [])
    }

    @Test func ageDenyNextToABoolFalseDenyIsStillUncovered() throws {
        let json = """
            {
                "Statement": [
                    {
                        "Effect": "Deny", "Action": "*", "Resource": "*",
                        "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}
                    },
                    {
                        "Effect": "Deny", "Action": "*", "Resource": "*",
                        "Condition": {"NumericGreaterThan": {"aws:MultiFactorAuthAge": "3600"}}
                    }
                ]
            }
            """
        #expect(try located(json) == [Located(.denyBoolFalse, 5, 27), Located(.denyAgeWithoutIfExists, 9, 27)])
        let fix = try MFAPolicyLinter.lint(json)[1].fix
        #expect(fix.hasPrefix("Replace \"NumericGreaterThan\" with \"NumericGreaterThanIfExists\", or add a Deny"))
    }

    @Test func conditionsInOneStatementAreANDed() throws {
        // "No MFA, or MFA too old" written as one statement: no request satisfies both, so nothing is denied.
        let json = """
            {
                "Statement": {
                    "Effect": "Deny",
                    "Action": "*",
                    "Resource": "*",
                    "Condition": {
                        "Bool": {"aws:MultiFactorAuthPresent": "false"},
                        "NumericGreaterThan": {"aws:MultiFactorAuthAge": "3600"}
                    }
                }
            }
            """
        #expect(try located(json) == [Located(.denyNeverMatches, 8, 13)])
    }

    @Test func otherConditionsDoNotChangeTheVerdict() throws {
        let gate = """
            {
                "Statement": {
                    "Effect": "Deny",
                    "NotAction": "iam:ListMFADevices",
                    "Resource": "*",
                    "Condition": {
                        "BoolIfExists": {"aws:MultiFactorAuthPresent": "false"},
                        "Bool": {"aws:ViaAWSService": "false"}
                    }
                }
            }
            """
        #expect(try located(gate) == [])
        let sharedBlock = """
            {
                "Statement": {
                    "Effect": "Deny",
                    "Action": "*",
                    "Resource": "*",
                    "Condition": {
                        "StringEquals": {"aws:RequestedRegion": "eu-west-1"},
                        "Bool": {"aws:ViaAWSService": "false", "aws:MultiFactorAuthPresent": "false"}
                    }
                }
            }
            """
        #expect(try located(sharedBlock) == [Located(.denyBoolFalse, 8, 13)])
    }

    @Test func invertedDenyNamesWhoPasses() throws {
        let finding = try #require(
            try MFAPolicyLinter.lint(singleCondition(effect: "Deny", operator: "Bool", value: "\"true\"")).first)
        #expect(
            finding.message
                == "Deny with \"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"} applies to sessions that just used"
                + " MFA, while long-term access key (MFA keys absent) and temporary credentials without MFA"
                + " (MultiFactorAuthPresent false) pass")
    }
}
