/// The six numeric operators and the comparison each makes (request value on the left).
enum LintNumericComparison: String, Sendable, CaseIterable {
    case equals = "NumericEquals"
    case notEquals = "NumericNotEquals"
    case lessThan = "NumericLessThan"
    case lessThanEquals = "NumericLessThanEquals"
    case greaterThan = "NumericGreaterThan"
    case greaterThanEquals = "NumericGreaterThanEquals"

    var operatorName: String { rawValue }

    func holds(_ requestValue: Double, _ policyValue: Double) -> Bool {
        switch self {
        case .equals: requestValue == policyValue
        case .notEquals: requestValue != policyValue
        case .lessThan: requestValue < policyValue
        case .lessThanEquals: requestValue <= policyValue
        case .greaterThan: requestValue > policyValue
        case .greaterThanEquals: requestValue >= policyValue
        }
    }
}
