import Testing

@testable import RampartPolicy

@Suite struct MFAPolicyLinterTests {
    @Test func statementMayBeASingleObjectAndVersionMayBe2008() throws {
        let json = """
            {
                "Version": "2008-10-17",
                "Statement": {
                    "Sid": "Legacy",
                    "Effect": "Deny",
                    "Action": "s3:*",
                    "Resource": "*",
                    "Condition": {"Bool": {"aws:MultiFactorAuthPresent": false}}
                }
            }
            """
        let findings = try MFAPolicyLinter.lint(json)
        #expect(findings.map(Located.init) == [Located(.denyBoolFalse, 8, 23)])
        #expect(findings[0].statementIndex == 0)
        #expect(findings[0].sid == "Legacy")
    }

    @Test func findingsAreInDocumentOrderWithStatementIndexes() throws {
        let json = """
            {
                "Statement": [
                    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
                    {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*",
                     "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}},
                    {"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*",
                     "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}
                ]
            }
            """
        let findings = try MFAPolicyLinter.lint(json)
        #expect(findings.map(Located.init) == [Located(.allowBoolIfExistsTrue, 5, 24), Located(.denyBoolFalse, 7, 24)])
        #expect(findings.map(\.statementIndex) == [1, 2])
        #expect(findings.map(\.sid) == [nil, nil])
    }

    @Test func policiesWithoutMFAConditionsAreClean() throws {
        let json = """
            {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": "*", "Resource": "*",
                 "Condition": {"Bool": {"aws:SecureTransport": "true"}, "IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}
            ]}
            """
        #expect(try located(json) == [])
    }

    @Test func structuresIAMWouldRejectAreSkippedNotCrashedOn() throws {
        let json = """
            {"Statement": [
                "junk",
                {"Effect": "Perhaps", "Action": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}},
                {"Effect": "Deny", "Action": "*", "Condition": {"Bool": "false"}},
                {"Effect": "Deny", "Action": "*", "Condition": ["Bool"]}
            ]}
            """
        #expect(try located(json) == [])
        #expect(try located("{}") == [])
        #expect(try located(#"{"Statement": 7}"#) == [])
    }

    @Test func serviceControlPolicyGate() throws {
        let json = """
            {
              "Version": "2012-10-17",
              "Statement": [{
                "Sid": "DenyAllWithoutMFA",
                "Effect": "Deny",
                "NotAction": ["iam:ListMFADevices", "iam:EnableMFADevice", "sts:GetSessionToken"],
                "Resource": "*",
                "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}
              }]
            }
            """
        #expect(try located(json) == [Located(.notActionAllowsEnrollment, 6, 41)])
    }

    @Test func refusesTextThatIsNotAPolicyObject() {
        #expect(throws: LintError.notJSON(line: 1, column: 16, reason: "unexpected character '}', expected a value")) {
            try MFAPolicyLinter.lint(#"{"Statement": [}"#)
        }
        #expect(throws: LintError.notJSON(line: 2, column: 1, reason: "a policy document is a JSON object")) {
            try MFAPolicyLinter.lint("\n[]")
        }
    }
}
