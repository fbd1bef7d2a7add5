/// What a statement's MFA conditions, taken together, match. IAM ANDs every condition of a statement, so a
/// request kind is matched only when each MFA condition matches it; conditions on other keys only narrow the
/// statement further and do not change which credentials get through.
struct MFAProfile: Sendable, Equatable {
    var conditions: [MFACondition]
    var matched: Set<MFACredentialContext>

    /// Nil when the statement has no MFA condition, or one the linter cannot evaluate (wrong operator type, a
    /// value of the wrong type, a misspelled key): judging the rest alone would describe a statement that is not
    /// the one written.
    init?(_ statement: LintStatement) {
        let relevant = statement.conditions.filter {
            MFAConditionKey(matching: $0.key) != nil || MFAConditionKey.looksLikeMisspelling($0.key)
        }
        let conditions = relevant.compactMap(MFACondition.init)
        guard !relevant.isEmpty, conditions.count == relevant.count else { return nil }
        self.conditions = conditions
        matched = conditions.reduce(Set(MFACredentialContext.allCases)) { $0.intersection($1.matched) }
    }

    var usesAge: Bool { conditions.contains { $0.key == .age } }

    /// A Deny of this shape is the recommended MFA gate: it catches both kinds of request without MFA and lets
    /// a recent MFA session through (row 2 of the truth table, `BoolIfExists` false).
    var isMFAGateDeny: Bool {
        matched.isSuperset(of: MFACredentialContext.withoutMFA) && !matched.contains(.sessionWithRecentMFA)
    }

    /// A Deny of this shape applies to at least some requests without MFA and never to a recent MFA session.
    var deniesOnlyWithoutMFA: Bool {
        !matched.isDisjoint(with: MFACredentialContext.withoutMFA) && !matched.contains(.sessionWithRecentMFA)
    }

    /// For a profile that matches nothing: the condition that, added to those before it, left no request kind.
    var conditionThatEmptiesTheMatch: MFACondition {
        var remaining = Set(MFACredentialContext.allCases)
        for condition in conditions {
            remaining.formIntersection(condition.matched)
            if remaining.isEmpty { return condition }
        }
        return conditions[0]
    }

    /// The first condition satisfying `predicate`, or the first condition: the one a finding points at.
    func culprit(_ predicate: (MFACondition) -> Bool) -> MFACondition {
        conditions.first(where: predicate) ?? conditions[0]
    }
}
