import Testing

@testable import RampartPolicy

@Suite struct MFANotActionRulesTests {
    /// A force-MFA Deny whose NotAction is `notAction` (a JSON value) on line 6, starting at column 26.
    static func gate(notAction: String, operator name: String = "BoolIfExists", value: String = "false") -> String {
        """
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Deny",
                    "NotAction": \(notAction),
                    "Resource": "*",
                    "Condition": {"\(name)": {"aws:MultiFactorAuthPresent": "\(value)"}}
                }
            ]
        }
        """
    }

    @Test func exemptingDeactivateIsAnError() throws {
        let json = Self.gate(notAction: "[\"iam:ListMFADevices\", \"iam:DeactivateMFADevice\"]")
        let findings = try MFAPolicyLinter.lint(json)
        #expect(findings.map(Located.init) == [Located(.notActionExemptsDeactivation, 6, 49)])
        #expect(findings[0].severity == .error)
        #expect(findings[0].fix.hasPrefix("Remove \"iam:DeactivateMFADevice\" from NotAction"))
    }

    @Test(arguments: ["iam:Deactivate*", "iam:*MFA*", "IAM:DEACTIVATEMFADEVICE", "iam:D?activateMFADevice", "*"])
    func wildcardsThatExemptDeactivate(pattern: String) throws {
        let findings = try MFAPolicyLinter.lint(Self.gate(notAction: "\"\(pattern)\""))
        #expect(findings.contains { Located($0) == Located(.notActionExemptsDeactivation, 6, 26) })
        #expect(findings.allSatisfy { $0.line == 6 && $0.column == 26 })
    }

    @Test func wildcardFixListsTheActionsToKeep() throws {
        let findings = try MFAPolicyLinter.lint(Self.gate(notAction: "\"iam:*\""))
        #expect(
            findings.map(Located.init) == [
                Located(.notActionAllowsEnrollment, 6, 26), Located(.notActionExemptsDeactivation, 6, 26),
            ])
        let error = try #require(findings.first { $0.severity == .error })
        #expect(error.message.contains("iam:DeactivateMFADevice and iam:DeleteVirtualMFADevice"))
        #expect(error.fix.hasPrefix("Replace \"iam:*\" with the actions a user needs to enroll"))
    }

    @Test func exemptingDeleteVirtualIsAWarning() throws {
        let json = Self.gate(notAction: "[\"iam:DeleteVirtualMFADevice\"]")
        #expect(try located(json) == [Located(.notActionExemptsVirtualDeletion, 6, 27)])
    }

    @Test func exemptingResyncIsFine() throws {
        // Resync needs two consecutive codes from the device itself, so it gives nothing to someone without it.
        let json = Self.gate(notAction: "[\"iam:ResyncMFADevice\", \"iam:ListMFADevices\", \"sts:GetSessionToken\"]")
        #expect(try located(json) == [])
    }

    @Test func exemptingEnableIsInformational() throws {
        let json = Self.gate(notAction: "[\"iam:CreateVirtualMFADevice\", \"iam:EnableMFADevice\"]")
        let findings = try MFAPolicyLinter.lint(json)
        #expect(findings.map(Located.init) == [Located(.notActionAllowsEnrollment, 6, 57)])
        #expect(findings[0].severity == .info)
        #expect(findings[0].why.contains("up to eight MFA devices"))
    }

    @Test func boolFalseGateStillCountsAsADenyWithoutMFA() throws {
        let json = Self.gate(notAction: "\"iam:DeactivateMFADevice\"", operator: "Bool")
        #expect(
            try located(json) == [
                Located(.notActionExemptsDeactivation, 6, 26), Located(.denyBoolFalse, 8, 27),
            ])
    }

    @Test func onlyDenyWithoutMFAStatementsAreChecked() throws {
        // An inverted Deny is wrong for other reasons; its NotAction does not exempt anything from an MFA gate.
        let inverted = Self.gate(notAction: "\"iam:DeactivateMFADevice\"", value: "true")
        #expect(try located(inverted) == [Located(.denyInverted, 8, 27)])
        let noCondition = """
            {"Statement": {"Effect": "Deny", "NotAction": "iam:*", "Resource": "*"}}
            """
        #expect(try located(noCondition) == [])
        let allow = """
            {"Statement": {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*",
                           "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}}
            """
        #expect(try located(allow) == [])
        let action = """
            {"Statement": {"Effect": "Deny", "Action": "iam:DeactivateMFADevice", "Resource": "*",
                           "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}}
            """
        #expect(try located(action) == [])
    }
}
