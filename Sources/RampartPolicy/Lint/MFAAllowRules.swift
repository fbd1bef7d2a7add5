/// Judges an Allow statement's MFA conditions against the truth table. The intent of an MFA Allow is to grant
/// only requests that proved MFA: long-term keys and sessions without MFA must not match.
enum MFAAllowRules {
    static func findings(_ statement: LintStatement, _ profile: MFAProfile) -> [LintFinding] {
        let matched = profile.matched
        let table = MFATruthTable.row(effect: .allow, profile: profile)
        if matched.isEmpty { return [neverMatches(statement, profile, table)] }
        guard matched.contains(.sessionWithRecentMFA) else {
            return matched.isDisjoint(with: MFACredentialContext.withoutMFA)
                ? [ageInverted(statement, profile, table)] : [inverted(statement, profile, table)]
        }
        switch (matched.contains(.longTermKey), matched.contains(.sessionWithoutMFA)) {
        case (true, true): return [withoutMFA(statement, profile, table)]
        case (true, false): return [boolIfExistsTrue(statement, profile, table)]
        case (false, true): return [nullFalse(statement, profile, table)]
        case (false, false): return []
        }
    }

    /// The condition that lets an absent key through: an IfExists or ForAllValues one if there is one.
    private static func absentKeyCulprit(_ profile: MFAProfile) -> MFACondition {
        profile.culprit { $0.entry.conditionOperator.matchesAbsentKey }
    }

    private static func boolIfExistsTrue(
        _ statement: LintStatement, _ profile: MFAProfile, _ table: String
    ) -> LintFinding {
        let culprit = absentKeyCulprit(profile)
        return LintFinding(
            .allowBoolIfExistsTrue, at: culprit.entry.operatorPosition, in: statement,
            message: "Allow with \(culprit.quoted) also allows requests signed with long-term access keys, without MFA",
            why:
                "Long-term access keys carry no aws:MultiFactorAuthPresent, and \"\(culprit.entry.conditionOperator.text)\""
                + " treats an absent key as a match, so anyone holding an access key gets this access without MFA;"
                + " only temporary credentials without MFA are refused (truth table row 'Allow + BoolIfExists true',"
                + " what the console's \"MFA required\" option writes). This is right only if long-term keys are"
                + " meant to keep this access. \(table)",
            fix: "Use \"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"} to require MFA from every caller, or keep"
                + " it and add a Deny with \"BoolIfExists\": {\"aws:MultiFactorAuthPresent\": \"false\"} for the"
                + " actions that must need MFA.")
    }

    private static func nullFalse(_ statement: LintStatement, _ profile: MFAProfile, _ table: String) -> LintFinding {
        let culprit = profile.culprit { $0.entry.conditionOperator.family == .null }
        return LintFinding(
            .allowNullFalse, at: culprit.entry.operatorPosition, in: statement,
            message: "Allow with \(culprit.quoted) only checks that the MFA key exists; temporary credentials without"
                + " MFA are allowed",
            why: "Null false matches whenever aws:MultiFactorAuthPresent is in the request, and it is in every"
                + " request made with temporary credentials — as false when they were issued without MFA (a console"
                + " session without MFA, AssumeRole or GetSessionToken without a code). Only long-term keys are"
                + " refused (truth table row 'Allow + Null false', which AWS says to use with caution). \(table)",
            fix: "Replace it with \"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}.")
    }

    private static func withoutMFA(_ statement: LintStatement, _ profile: MFAProfile, _ table: String) -> LintFinding {
        let culprit = absentKeyCulprit(profile)
        let conditionOperator = culprit.entry.conditionOperator
        let fix =
            culprit.key == .age && conditionOperator.matchesAbsentKey
            ? "Replace \"\(conditionOperator.text)\" with \"\(conditionOperator.baseName)\": a numeric test does not"
                + " match an absent key, so requests without MFA are refused."
            : "Require MFA with \"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}."
        let reason =
            culprit.key == .age && conditionOperator.matchesAbsentKey
            ? ": aws:MultiFactorAuthAge is absent for both, and \"\(conditionOperator.text)\" treats an absent key"
                + " as a match"
            : ""
        return LintFinding(
            .allowWithoutMFA, at: culprit.entry.operatorPosition, in: statement,
            message: "Allow with \(culprit.quoted) matches requests without MFA: long-term access keys and"
                + " temporary credentials without MFA are allowed",
            why: "The MFA condition is true for long-term access keys and for temporary credentials without MFA,"
                + " so it does not require MFA at all\(reason). \(table)",
            fix: fix)
    }

    private static func inverted(_ statement: LintStatement, _ profile: MFAProfile, _ table: String) -> LintFinding {
        let culprit = profile.culprit { !$0.matched.contains(.sessionWithRecentMFA) }
        return LintFinding(
            .allowInverted, at: culprit.entry.operatorPosition, in: statement,
            message: "Allow with \(culprit.quoted) grants requests without MFA and not sessions that used MFA",
            why: "The condition is inverted: it is true for requests that did not prove MFA and false for those that"
                + " did, so this statement hands its permissions to exactly the credentials MFA should stop."
                + " \(table)",
            fix: "To require MFA use \"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}.")
    }

    private static func ageInverted(_ statement: LintStatement, _ profile: MFAProfile, _ table: String) -> LintFinding {
        let culprit = profile.culprit { $0.key == .age && !$0.matched.contains(.sessionWithRecentMFA) }
        return LintFinding(
            .allowAgeInverted, at: culprit.entry.operatorPosition, in: statement,
            message: "Allow with \(culprit.quoted) matches only sessions whose MFA is older than the limit",
            why: "aws:MultiFactorAuthAge grows with time since MFA; a \"greater than\" test in an Allow grants old MFA"
                + " sessions and refuses fresh ones, the reverse of a maximum age. Requests without MFA are not"
                + " allowed (the key is absent). \(table)",
            fix: "Use \"NumericLessThan\" on aws:MultiFactorAuthAge for a maximum age.")
    }

    private static func neverMatches(
        _ statement: LintStatement, _ profile: MFAProfile, _ table: String
    ) -> LintFinding {
        let culprit = profile.conditionThatEmptiesTheMatch
        return LintFinding(
            .allowNeverMatches, at: culprit.entry.operatorPosition, in: statement,
            message: "The MFA conditions of this Allow can never all be true, so it grants nothing",
            why: "IAM ANDs every condition of a statement; no request satisfies "
                + profile.conditions.map(\.quoted).joined(separator: " and ")
                + " at once, MFA sessions included. \(table)",
            fix: "Keep one MFA test, e.g. \"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}, optionally with"
                + " \"NumericLessThan\" on aws:MultiFactorAuthAge.")
    }
}
