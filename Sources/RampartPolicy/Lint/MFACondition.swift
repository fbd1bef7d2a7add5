/// A condition on one of the MFA keys whose operator and values have the types the key needs, so its outcome
/// can be worked out for every kind of request.
struct MFACondition: Sendable, Equatable {
    var entry: LintConditionEntry
    var key: MFAConditionKey
    /// The kinds of request for which this condition is true.
    var matched: Set<MFACredentialContext>

    /// Nil for a condition on another key, or one whose operator or values do not fit the key (MFAConditionEntryRules
    /// reports those; its outcome is then anybody's guess).
    init?(_ entry: LintConditionEntry) {
        guard let key = MFAConditionKey(matching: entry.key), !entry.values.isEmpty else { return nil }
        let conditionOperator = entry.conditionOperator
        let matcher: (MFACredentialContext) -> Bool
        switch (conditionOperator.family, key) {
        case (.null, _):
            guard let wanted = Self.all(entry.values, MFAConditionValue.boolean(in:)) else { return nil }
            // Null true tests that the key is absent, Null false that it is present.
            matcher = { context in wanted.contains(context.value(of: key) == nil) }
        case (.bool, .present):
            guard let wanted = Self.all(entry.values, MFAConditionValue.boolean(in:)) else { return nil }
            matcher = { context in
                guard let present = context.multiFactorAuthPresent else { return conditionOperator.matchesAbsentKey }
                return wanted.contains(present)
            }
        case (.numeric(let comparison), .age):
            guard let limits = Self.all(entry.values, MFAConditionValue.number(in:)) else { return nil }
            matcher = { context in
                guard let age = context.multiFactorAuthAge else { return conditionOperator.matchesAbsentKey }
                // Several values are ORed, except under a negated operator, where IAM requires that none match.
                if comparison == .notEquals { return limits.allSatisfy { age != $0 } }
                return limits.contains { comparison.holds(age, $0) }
            }
        default:
            return nil
        }
        self.entry = entry
        self.key = key
        matched = Set(MFACredentialContext.allCases.filter(matcher))
    }

    private static func all<T>(_ nodes: [LintJSONNode], _ convert: (LintJSONNode) -> T?) -> [T]? {
        let converted = nodes.compactMap(convert)
        return converted.count == nodes.count ? converted : nil
    }

    /// The condition as a reader would write it, e.g. `"Bool": {"aws:MultiFactorAuthPresent": "false"}`.
    var quoted: String {
        "\"\(entry.conditionOperator.text)\": {\"\(entry.key)\": \(entry.value.compactText)}"
    }
}
