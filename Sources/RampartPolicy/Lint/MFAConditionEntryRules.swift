/// Checks each MFA condition on its own: the key spelled right, an operator of the key's type, values of the
/// key's type, no set qualifier. A condition that fails these cannot be placed in the truth table, so
/// MFAProfile leaves its statement to these findings alone.
enum MFAConditionEntryRules {
    static func findings(_ statement: LintStatement) -> [LintFinding] {
        statement.conditions.flatMap { entry -> [LintFinding] in
            guard let key = MFAConditionKey(matching: entry.key) else {
                return MFAConditionKey.looksLikeMisspelling(entry.key) ? [misspelled(entry, statement)] : []
            }
            var findings: [LintFinding] = []
            if entry.conditionOperator.qualifier != .none {
                findings.append(setOperator(entry, key, statement))
            }
            if let mismatch = operatorMismatch(entry, key, statement) {
                findings.append(mismatch)
            } else {
                findings += valueFindings(entry, key, statement)
            }
            return findings
        }
    }

    private static func misspelled(_ entry: LintConditionEntry, _ statement: LintStatement) -> LintFinding {
        let meant: MFAConditionKey = entry.key.lowercased().contains("age") ? .age : .present
        return LintFinding(
            .misspelledKey, at: entry.keyPosition, in: statement,
            message: "\"\(entry.key)\" is not an MFA condition key; did you mean \(meant.name)?",
            why: "No request carries this key, so the condition sees an absent key in every request, MFA or not:"
                + " a test without IfExists never matches (a Deny never applies, so long-term keys and sessions"
                + " without MFA pass), a test with IfExists always matches (MFA makes no difference).",
            fix: "Rename the key to \"\(meant.name)\".")
    }

    private static func setOperator(
        _ entry: LintConditionEntry, _ key: MFAConditionKey, _ statement: LintStatement
    ) -> LintFinding {
        let conditionOperator = entry.conditionOperator
        let absent =
            conditionOperator.qualifier == .forAllValues
            ? "ForAllValues is true when the key is absent, so long-term access keys (which carry no MFA key) match"
                + " as if they had passed the test — in an Allow they get in without MFA"
            : "ForAnyValue is false when the key is absent, so long-term access keys (which carry no MFA key) never"
                + " match — in a Deny they are not denied"
        return LintFinding(
            .setOperator, at: entry.operatorPosition, in: statement,
            message: "\"\(conditionOperator.text)\" is a set operator, but \(key.name) is a single-valued key",
            why: "AWS advises against ForAllValues/ForAnyValue on single-valued keys because they change how a missing"
                + " key is treated. \(absent).",
            fix: "Drop the qualifier: use \"\(conditionOperator.baseName)\" in an Allow, and"
                + " \"\(conditionOperator.baseName)IfExists\" in a Deny so that requests without the key are denied.")
    }

    private static func operatorMismatch(
        _ entry: LintConditionEntry, _ key: MFAConditionKey, _ statement: LintStatement
    ) -> LintFinding? {
        let conditionOperator = entry.conditionOperator
        let expected: String
        switch (conditionOperator.family, key) {
        case (.null, _), (.bool, .present), (.numeric, .age): return nil
        case (_, .present): expected = "\"Bool\" or \"BoolIfExists\" (or \"Null\" to test presence)"
        case (_, .age):
            expected =
                "a Numeric operator, e.g. \"NumericLessThan\" in an Allow or \"NumericGreaterThanIfExists\" in a"
                + " Deny"
        }
        let kind = key == .present ? "a Boolean key" : "a numeric key (seconds since MFA)"
        let problem =
            conditionOperator.family == .unknown
            ? "\"\(conditionOperator.text)\" is not a condition operator IAM defines (Null has no IfExists form)"
            : "\(key.name) is \(kind), but \"\(conditionOperator.text)\" compares another type"
        return LintFinding(
            .operatorTypeMismatch, at: entry.operatorPosition, in: statement,
            message: problem,
            why: "An operator of the wrong type does not test MFA the way the truth table describes; AWS's policy"
                + " validation reports the mismatch. Whatever it compares, a test without IfExists cannot match a"
                + " long-term access key, which carries no MFA key, so a Deny written this way lets those keys"
                + " through.",
            fix: "Use \(expected).")
    }

    private static func valueFindings(
        _ entry: LintConditionEntry, _ key: MFAConditionKey, _ statement: LintStatement
    ) -> [LintFinding] {
        let wantsBoolean = entry.conditionOperator.family == .null || key == .present
        let rule: MFALintRule = wantsBoolean ? .nonBooleanValue : .nonNumericValue
        guard !entry.values.isEmpty else {
            return [
                LintFinding(
                    rule, at: entry.keyPosition, in: statement,
                    message: "\(key.name) is compared with an empty list",
                    why: "An empty list matches no request, so the condition is false whenever the key is present:"
                        + " a Deny with it never applies to temporary credentials.",
                    fix: wantsBoolean ? "Give \"true\" or \"false\"." : "Give the limit in seconds, e.g. \"3600\".")
            ]
        }
        return entry.values.compactMap { value -> LintFinding? in
            if wantsBoolean {
                guard MFAConditionValue.boolean(in: value) == nil else { return nil }
                return nonBoolean(value, entry, key, statement)
            }
            guard MFAConditionValue.number(in: value) == nil else { return nil }
            return LintFinding(
                .nonNumericValue, at: value.position, in: statement,
                message: "\(key.name) is compared with \(value.compactText), which is not a number of seconds",
                why: "A numeric operator cannot compare the age with a value that is not a number, so this value never"
                    + " matches; a Deny that relies on it never catches old MFA sessions, and with IfExists only"
                    + " requests without MFA match.",
                fix: "Give the limit in seconds as a number or numeric string, e.g. \"3600\".")
        }
    }

    private static func nonBoolean(
        _ value: LintJSONNode, _ entry: LintConditionEntry, _ key: MFAConditionKey, _ statement: LintStatement
    ) -> LintFinding {
        let isNull = entry.conditionOperator.family == .null
        return LintFinding(
            .nonBooleanValue, at: value.position, in: statement,
            message: "\"\(entry.conditionOperator.text)\" on \(key.name) is given \(value.compactText), which is"
                + " neither true nor false",
            why: isNull
                ? "Null takes true (the key is absent) or false (the key is present); any other value does not say"
                    + " which, so the condition does not test MFA."
                : "aws:MultiFactorAuthPresent only ever holds true or false, so this value equals neither: the"
                    + " condition never matches a session (a Deny never applies to sessions without MFA, an Allow"
                    + " never grants), and with IfExists it matches only long-term keys.",
            fix: "Use \"true\" or \"false\" (a JSON boolean or string).")
    }
}
