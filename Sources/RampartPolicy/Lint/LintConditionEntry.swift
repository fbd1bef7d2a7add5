/// One key test inside a statement's Condition block: `"Operator": {"key": value-or-list}`. A block with several
/// operators or several keys yields several entries; IAM ANDs them all.
struct LintConditionEntry: Sendable, Equatable {
    var conditionOperator: LintConditionOperator
    var operatorPosition: LintPosition
    var key: String
    var keyPosition: LintPosition
    /// The value as written: a single value or a list (the list is an OR).
    var value: LintJSONNode

    /// Each value of the OR-list, or the single value.
    var values: [LintJSONNode] { value.elements }
}
