import Foundation

/// One policy value of a condition, read once at compile time in the form its operator compares.
enum ConditionOperand: Sendable, Equatable {
    /// String operators: the text as written.
    case text(String)
    /// Any operator, when the value holds policy variables: substituted, then read, at evaluation.
    case template(PolicyTemplate)
    /// StringLike and ArnLike/ArnEquals.
    case pattern(GlobPattern)
    case number(Double)
    /// Seconds since the epoch.
    case date(Double)
    case bool(Bool)
    case binary([UInt8])
    case ip(IPRange)
    /// A value the operator cannot read ("abc" for NumericEquals): it matches no request value.
    case invalid

    init(_ text: String, family: ConditionFamily, variables: Bool) {
        let wildcards = family == .stringLike || family == .arn
        // IAM substitutes variables "in any condition that involves the string operators or the ARN
        // operators" and not in Numeric, Date, Bool, Binary, IP address or Null ones, where the text is
        // taken as written (and so, being no number or date, matches nothing).
        let substitutes = [.string, .stringIgnoringCase, .stringLike, .arn].contains(family)
        let template = PolicyTemplate(text, wildcards: wildcards, variables: variables && substitutes)
        switch family {
        case .stringLike:
            self = .pattern(GlobPattern(template, rules: .text))
        case .arn:
            self = .pattern(GlobPattern(template, rules: .arnCondition))
        case _ where template.hasVariables:
            self = .template(template)
        default:
            self = Self.read(text, family: family)
        }
    }

    /// Reads literal text as the family compares it.
    static func read(_ text: String, family: ConditionFamily) -> ConditionOperand {
        switch family {
        case .string, .stringIgnoringCase: return .text(text)
        case .null: return RequestBool.parse(text).map { .bool($0) } ?? .invalid
        case .numeric: return PolicyNumber.parse(text).map { .number($0) } ?? .invalid
        case .date: return PolicyDate.parse(text).map { .date($0) } ?? .invalid
        case .bool: return RequestBool.parse(text).map { .bool($0) } ?? .invalid
        case .binary: return Data(base64Encoded: text).map { .binary(Array($0)) } ?? .invalid
        case .ipAddress: return IPRange(text).map { .ip($0) } ?? .invalid
        case .stringLike:
            return .pattern(GlobPattern(PolicyTemplate(text, wildcards: true, variables: false), rules: .text))
        case .arn:
            return .pattern(GlobPattern(PolicyTemplate(text, wildcards: true, variables: false), rules: .arnCondition))
        }
    }

    /// The operand with variables substituted, or nil when a variable has no value.
    func resolved(in context: ConditionContext, family: ConditionFamily) -> ConditionOperand? {
        switch self {
        case .template(let template):
            return template.resolved(in: context).map { Self.read($0, family: family) }
        default:
            return self
        }
    }

    var variables: [PolicyVariable] {
        switch self {
        case .template(let template): template.variables
        case .pattern(let pattern): pattern.variables
        default: []
        }
    }
}
