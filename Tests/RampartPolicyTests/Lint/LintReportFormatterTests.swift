import Testing

@testable import RampartPolicy

@Suite struct LintReportFormatterTests {
    static let finding = LintFinding(
        rule: "mfa-deny-bool-false", severity: .error, line: 9, column: 17, statementIndex: 1, sid: "DenyNoMFA",
        message: "Deny with \"Bool\" is skipped", why: "Long-term keys\tslip through.", fix: "Use \\BoolIfExists.")

    @Test func textIsCompilerStyleWithWhyAndFixIndented() {
        let text = LintReportFormatter.text(LintedFile(path: "policies/admin.json", findings: [Self.finding]))
        #expect(
            text == """
                policies/admin.json:9:17: error: Deny with "Bool" is skipped [mfa-deny-bool-false]
                    why: Long-term keys\tslip through.
                    fix: Use \\BoolIfExists.

                """)
        #expect(LintReportFormatter.text(LintedFile(path: "clean.json", findings: [])) == "")
    }

    @Test func jsonIsAnArrayAcrossFiles() {
        var second = Self.finding
        second.sid = nil
        second.severity = .info
        let json = LintReportFormatter.json([
            LintedFile(path: "a.json", findings: [Self.finding]), LintedFile(path: "b.json", findings: []),
            LintedFile(path: "<stdin>", findings: [second]),
        ])
        #expect(
            json == """
                [
                  {
                    "file": "a.json",
                    "line": 9,
                    "column": 17,
                    "severity": "error",
                    "rule": "mfa-deny-bool-false",
                    "statementIndex": 1,
                    "sid": "DenyNoMFA",
                    "message": "Deny with \\"Bool\\" is skipped",
                    "why": "Long-term keys\\tslip through.",
                    "fix": "Use \\\\BoolIfExists."
                  },
                  {
                    "file": "<stdin>",
                    "line": 9,
                    "column": 17,
                    "severity": "info",
                    "rule": "mfa-deny-bool-false",
                    "statementIndex": 1,
                    "sid": null,
                    "message": "Deny with \\"Bool\\" is skipped",
                    "why": "Long-term keys\\tslip through.",
                    "fix": "Use \\\\BoolIfExists."
                  }
                ]

                """)
        #expect(LintReportFormatter.json([LintedFile(path: "a.json", findings: [])]) == "[]\n")
    }

    @Test func jsonOutputParsesBack() throws {
        let findings = try MFAPolicyLinter.lint(sampleBadPolicy)
        let json = LintReportFormatter.json([LintedFile(path: "bad.json", findings: findings)])
        let parsed = try LintJSONReader.read(json)
        #expect(parsed.elements.count == findings.count)
        #expect(parsed.elements.compactMap { $0.member("rule")?.value.string } == findings.map(\.rule))
    }

    /// What `rampart lint bad.json` prints for a policy with the classic mistakes: the command writes exactly
    /// this text.
    @Test func sampleOutput() throws {
        let findings = try MFAPolicyLinter.lint(sampleBadPolicy)
        let text = LintReportFormatter.text(LintedFile(path: "bad.json", findings: findings))
        #expect(
            findings.map(Located.init) == [
                Located(.allowBoolIfExistsTrue, 9, 27), Located(.notActionAllowsEnrollment, 14, 49),
                Located(.notActionExemptsDeactivation, 14, 49), Located(.denyBoolFalse, 16, 27),
            ])
        #expect(
            text.hasPrefix(
                "bad.json:9:27: warning: Allow with \"BoolIfExists\": {\"aws:MultiFactorAuthPresent\": \"true\"} also"
                    + " allows requests signed with long-term access keys, without MFA [mfa-allow-boolifexists-true]\n"
                    + "    why: "))
    }
}

let sampleBadPolicy = """
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "AllowAdminWithMFA",
                "Effect": "Allow",
                "Action": "*",
                "Resource": "*",
                "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}
            },
            {
                "Sid": "DenyWithoutMFA",
                "Effect": "Deny",
                "NotAction": ["iam:ListMFADevices", "iam:*MFADevice"],
                "Resource": "*",
                "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}
            }
        ]
    }
    """
