/// Judges a Deny statement's MFA conditions against the truth table. The intent of an MFA Deny is to catch
/// every request without MFA (long-term keys and sessions without MFA) and to let MFA sessions through.
enum MFADenyRules {
    /// `coveredByMFAGate`: another Deny in the document already denies every request without MFA, which makes
    /// an age-only Deny a correct add-on rather than a hole. (Coverage is judged per document, not per action:
    /// the common pattern pairs the two statements over the same actions.)
    static func findings(_ statement: LintStatement, _ profile: MFAProfile, coveredByMFAGate: Bool) -> [LintFinding] {
        let matched = profile.matched
        let table = MFATruthTable.row(effect: .deny, profile: profile)
        if matched == Set(MFACredentialContext.allCases) {
            return [alwaysMatches(statement, profile, table)]
        }
        if matched.contains(.sessionWithRecentMFA) { return [inverted(statement, profile, table)] }
        if matched.isEmpty { return [neverMatches(statement, profile, table)] }
        switch (matched.contains(.longTermKey), matched.contains(.sessionWithoutMFA)) {
        case (false, false): return coveredByMFAGate ? [] : [ageWithoutIfExists(statement, profile, table)]
        case (false, true): return [boolFalse(statement, profile, table)]
        case (true, false): return [nullTrue(statement, profile, table)]
        case (true, true): return []
        }
    }

    private static func boolFalse(_ statement: LintStatement, _ profile: MFAProfile, _ table: String) -> LintFinding {
        let culprit = profile.culprit { !$0.matched.contains(.longTermKey) }
        let conditionOperator = culprit.entry.conditionOperator
        return LintFinding(
            .denyBoolFalse, at: culprit.entry.operatorPosition, in: statement,
            message: "Deny with \(culprit.quoted) does not apply to requests signed with long-term access keys",
            why: "aws:MultiFactorAuthPresent is only in the request context of temporary credentials. A call signed"
                + " with a long-term access key carries no such key, and \"\(conditionOperator.text)\" does not match"
                + " an absent key, so the Deny is skipped: a stolen access key works without MFA (truth table row"
                + " 'Deny + Bool false', which AWS marks not recommended). \(table)",
            fix: "Replace \"\(conditionOperator.text)\" with \"BoolIfExists\" (keeping \"false\"), so a missing key"
                + " counts as no MFA.")
    }

    private static func nullTrue(_ statement: LintStatement, _ profile: MFAProfile, _ table: String) -> LintFinding {
        let culprit = profile.culprit { !$0.matched.contains(.sessionWithoutMFA) }
        return LintFinding(
            .denyNullTrue, at: culprit.entry.operatorPosition, in: statement,
            message: "Deny with \(culprit.quoted) only denies long-term access keys; temporary credentials without"
                + " MFA are not denied",
            why: "Null true matches only when the key is absent, which is the case for long-term access keys alone."
                + " Temporary credentials issued without MFA (a console session without MFA, AssumeRole or"
                + " GetSessionToken without a code) carry aws:MultiFactorAuthPresent = false, so the key exists and"
                + " the Deny is skipped. \(table)",
            fix: "Replace it with \"BoolIfExists\": {\"aws:MultiFactorAuthPresent\": \"false\"}, which denies both"
                + " long-term keys and sessions without MFA.")
    }

    private static func ageWithoutIfExists(
        _ statement: LintStatement, _ profile: MFAProfile, _ table: String
    ) -> LintFinding {
        let culprit = profile.culprit { $0.key == .age && !$0.matched.contains(.longTermKey) }
        let conditionOperator = culprit.entry.conditionOperator
        let replacement =
            culprit.key == .age && !conditionOperator.ifExists
            ? "Replace \"\(conditionOperator.text)\" with \"\(conditionOperator.baseName)IfExists\", or add"
            : "Add"
        return LintFinding(
            .denyAgeWithoutIfExists, at: culprit.entry.operatorPosition, in: statement,
            message: "Deny with \(culprit.quoted) does not apply to requests without MFA",
            why: "aws:MultiFactorAuthAge is only present when MFA was used, and a numeric operator does not match an"
                + " absent key. This Deny therefore catches only MFA sessions older than the limit: long-term access"
                + " keys and sessions without MFA are not denied, and no other Deny in this document denies them"
                + " (\"BoolIfExists\": {\"aws:MultiFactorAuthPresent\": \"false\"}). \(table)",
            fix: "\(replacement) a Deny statement with \"BoolIfExists\": {\"aws:MultiFactorAuthPresent\": \"false\"}"
                + " over the same actions.")
    }

    private static func inverted(_ statement: LintStatement, _ profile: MFAProfile, _ table: String) -> LintFinding {
        let culprit = profile.culprit { $0.key == .present }
        let passing = MFACredentialContext.withoutMFA.subtracting(profile.matched)
        let passingText =
            passing.isEmpty
            ? "MFA sessions older than the age limit pass"
            : MFACredentialContext.allCases.filter(passing.contains).map(\.label).joined(separator: " and ") + " pass"
        return LintFinding(
            .denyInverted, at: culprit.entry.operatorPosition, in: statement,
            message: "Deny with \(culprit.quoted) applies to sessions that just used MFA, while \(passingText)",
            why: "The condition is inverted: it matches requests that proved MFA, so MFA makes access harder, and"
                + " requests without MFA are not denied by this statement. \(table)",
            fix: "To deny requests without MFA use \"BoolIfExists\": {\"aws:MultiFactorAuthPresent\": \"false\"}.")
    }

    private static func neverMatches(
        _ statement: LintStatement, _ profile: MFAProfile, _ table: String
    ) -> LintFinding {
        let culprit = profile.conditionThatEmptiesTheMatch
        return LintFinding(
            .denyNeverMatches, at: culprit.entry.operatorPosition, in: statement,
            message: "The MFA conditions of this Deny can never all be true, so it denies nothing",
            why: "IAM ANDs every condition of a statement; no request satisfies "
                + profile.conditions.map(\.quoted).joined(separator: " and ")
                + " at once, so long-term access keys and sessions without MFA pass. \(table)",
            fix: "Put each test in its own Deny statement (statements are ORed), e.g. one with \"BoolIfExists\":"
                + " {\"aws:MultiFactorAuthPresent\": \"false\"} and one with \"NumericGreaterThanIfExists\" on"
                + " aws:MultiFactorAuthAge.")
    }

    private static func alwaysMatches(
        _ statement: LintStatement, _ profile: MFAProfile, _ table: String
    ) -> LintFinding {
        let culprit = profile.conditions[0]
        return LintFinding(
            .denyAlwaysMatches, at: culprit.entry.operatorPosition, in: statement,
            message: "Deny with \(culprit.quoted) matches every request, with or without MFA",
            why: "The MFA condition is true for long-term keys, sessions without MFA and MFA sessions alike, so it"
                + " does not make MFA the difference: the statement denies everyone, MFA users included. \(table)",
            fix: "To deny only requests without MFA use \"BoolIfExists\": {\"aws:MultiFactorAuthPresent\": \"false\"}"
                + "; otherwise drop the MFA condition.")
    }
}
