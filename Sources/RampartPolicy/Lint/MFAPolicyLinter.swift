/// Flags IAM policies (identity, boundary, SCP, trust) whose multi-factor-authentication intent can be bypassed.
/// Every rule reasons from the truth table of `aws:MultiFactorAuthPresent` / `aws:MultiFactorAuthAge`: which of
/// long-term access keys, temporary credentials without MFA and MFA sessions a statement matches.
public enum MFAPolicyLinter {
    /// Lints one policy document; throws for a document that is not JSON (or not a JSON object). Findings come in
    /// document order.
    public static func lint(_ json: String) throws(LintError) -> [LintFinding] {
        let root = try LintJSONReader.read(json)
        guard root.members != nil else {
            throw .notJSON(
                line: root.position.line, column: root.position.column,
                reason: "a policy document is a JSON object")
        }
        let statements = LintStatement.statements(in: root)
        let profiles = statements.map(MFAProfile.init)
        let hasMFAGate = zip(statements, profiles).contains { statement, profile in
            statement.effect == .deny && profile?.isMFAGateDeny == true
        }
        let findings = zip(statements, profiles).flatMap { statement, profile in
            findingsFor(statement, profile, hasMFAGate: hasMFAGate)
        }
        return findings.sorted { ($0.line, $0.column, $0.rule) < ($1.line, $1.column, $1.rule) }
    }

    private static func findingsFor(
        _ statement: LintStatement, _ profile: MFAProfile?, hasMFAGate: Bool
    ) -> [LintFinding] {
        var findings = LintDuplicateNameRule.findings(statement) + MFAConditionEntryRules.findings(statement)
        guard let profile, let effect = statement.effect else { return findings }
        switch effect {
        case .deny:
            findings += MFADenyRules.findings(statement, profile, coveredByMFAGate: hasMFAGate)
            findings += MFANotActionRules.findings(statement, profile)
        case .allow:
            findings += MFAAllowRules.findings(statement, profile)
        }
        return findings
    }
}
