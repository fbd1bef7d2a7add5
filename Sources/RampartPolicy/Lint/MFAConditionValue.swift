/// A request-context or policy value of one of the MFA keys.
enum MFAConditionValue: Sendable, Equatable {
    case boolean(Bool)
    case number(Double)

    /// A policy value as IAM reads it for a Boolean key: JSON true/false or the strings "true"/"false" in any
    /// case.
    static func boolean(in node: LintJSONNode) -> Bool? {
        switch node.value {
        case .bool(let flag): flag
        case .string(let text) where text.lowercased() == "true": true
        case .string(let text) where text.lowercased() == "false": false
        default: nil
        }
    }

    /// A policy value for a numeric key: a JSON number or a string holding one.
    static func number(in node: LintJSONNode) -> Double? {
        switch node.value {
        case .number(let text), .string(let text): Double(text).flatMap { $0.isFinite ? $0 : nil }
        default: nil
        }
    }
}
