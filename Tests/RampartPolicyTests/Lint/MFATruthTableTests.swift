import Testing

@testable import RampartPolicy

/// The six statements of the reference truth table (aws-mfa-inventory §7), each mapped to the request kinds it
/// matches and to the finding the linter gives.
@Suite struct MFATruthTableTests {
    struct Row: Sendable, CustomStringConvertible {
        var effect: String
        var operatorName: String
        var value: String
        /// Matched request kinds: long-term key, session without MFA, session with MFA.
        var matches: (longTerm: Bool, withoutMFA: Bool, withMFA: Bool)
        var finding: MFALintRule?

        var description: String { "\(effect) + \(operatorName) \(value)" }
    }

    static let rows: [Row] = [
        Row(
            effect: "Deny", operatorName: "Bool", value: "false", matches: (false, true, false), finding: .denyBoolFalse
        ),
        Row(effect: "Deny", operatorName: "BoolIfExists", value: "false", matches: (true, true, false), finding: nil),
        Row(
            effect: "Allow", operatorName: "BoolIfExists", value: "true", matches: (true, false, true),
            finding: .allowBoolIfExistsTrue),
        Row(effect: "Allow", operatorName: "Bool", value: "true", matches: (false, false, true), finding: nil),
        Row(
            effect: "Allow", operatorName: "Null", value: "false", matches: (false, true, true),
            finding: .allowNullFalse),
        Row(effect: "Deny", operatorName: "Null", value: "true", matches: (true, false, false), finding: .denyNullTrue),
    ]

    @Test(arguments: rows) func rowMatchesTheTable(row: Row) throws {
        let json = singleCondition(effect: row.effect, operator: row.operatorName, value: "\"\(row.value)\"")
        let statement = LintStatement.statements(in: try LintJSONReader.read(json))[0]
        let matched = try #require(MFAProfile(statement)).matched
        #expect(matched.contains(.longTermKey) == row.matches.longTerm)
        #expect(matched.contains(.sessionWithoutMFA) == row.matches.withoutMFA)
        #expect(matched.contains(.sessionWithRecentMFA) == row.matches.withMFA)
        #expect(matched.contains(.sessionWithOldMFA) == row.matches.withMFA)
    }

    @Test(arguments: rows) func rowGivesItsFinding(row: Row) throws {
        let json = singleCondition(effect: row.effect, operator: row.operatorName, value: "\"\(row.value)\"")
        let expected = row.finding.map { [Located($0, operatorLine, operatorColumn)] } ?? []
        #expect(try located(json) == expected)
    }

    @Test func allSixInOneDocument() throws {
        let json = """
            {
                "Statement": [
                    {"Sid": "Row1", "Effect": "Deny", "Action": "*", "Resource": "*",
                     "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}},
                    {"Sid": "Row2", "Effect": "Deny", "Action": "*", "Resource": "*",
                     "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}},
                    {"Sid": "Row3", "Effect": "Allow", "Action": "*", "Resource": "*",
                     "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}},
                    {"Sid": "Row4", "Effect": "Allow", "Action": "*", "Resource": "*",
                     "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}},
                    {"Sid": "Row5", "Effect": "Allow", "Action": "*", "Resource": "*",
                     "Condition": {"Null": {"aws:MultiFactorAuthPresent": "false"}}},
                    {"Sid": "Row6", "Effect": "Deny", "Action": "*", "Resource": "*",
                     "Condition": {"Null": {"aws:MultiFactorAuthPresent": "true"}}}
                ]
            }
            """
        let findings = try MFAPolicyLinter.lint(json)
        #expect(
            findings.map(Located.init) == [
                Located(.denyBoolFalse, 4, 24), Located(.allowBoolIfExistsTrue, 8, 24),
                Located(.allowNullFalse, 12, 24), Located(.denyNullTrue, 14, 24),
            ])
        #expect(findings.map(\.statementIndex) == [0, 2, 4, 5])
        #expect(findings.map(\.sid) == ["Row1", "Row3", "Row5", "Row6"])
        #expect(findings.map(\.severity) == [.error, .warning, .warning, .warning])
    }

    @Test func whyQuotesTheStatementsRowOfTheTable() throws {
        let finding = try #require(
            try MFAPolicyLinter.lint(singleCondition(effect: "Deny", operator: "Bool", value: "\"false\"")).first)
        #expect(
            finding.why.hasSuffix(
                "Truth table for this statement — long-term access key (MFA keys absent): not denied; temporary"
                    + " credentials without MFA (MultiFactorAuthPresent false): denied; temporary credentials with"
                    + " MFA (MultiFactorAuthPresent true): not denied."))
    }
}
