/// A condition operator as the linter needs it: which family of comparison, whether `…IfExists` makes an absent
/// key match, and whether a `ForAnyValue:`/`ForAllValues:` set qualifier is in front. Names are compared
/// without regard to case so a policy written as `boolifexists` is judged like `BoolIfExists`.
struct LintConditionOperator: Sendable, Equatable {
    enum SetQualifier: Sendable, Equatable {
        case none
        /// True when at least one request value matches; false when the key is absent.
        case forAnyValue
        /// True when every request value matches — and, vacuously, when the key is absent.
        case forAllValues
    }

    enum Family: Sendable, Equatable {
        case bool
        case null
        case numeric(LintNumericComparison)
        /// String, Date, Arn, IpAddress and Binary operators: none of them is meant for the MFA keys.
        case otherType(String)
        case unknown
    }

    var text: String
    var qualifier: SetQualifier
    var family: Family
    var ifExists: Bool

    init(_ text: String) {
        self.text = text
        var name = text.lowercased()
        if name.hasPrefix("foranyvalue:") {
            qualifier = .forAnyValue
            name.removeFirst("foranyvalue:".count)
        } else if name.hasPrefix("forallvalues:") {
            qualifier = .forAllValues
            name.removeFirst("forallvalues:".count)
        } else {
            qualifier = .none
        }
        ifExists = name.hasSuffix("ifexists")
        if ifExists { name.removeLast("ifexists".count) }
        family = Self.family(of: name, ifExists: ifExists)
    }

    /// The operator without qualifier or `IfExists`, in AWS's spelling, for messages and fixes.
    var baseName: String {
        switch family {
        case .bool: "Bool"
        case .null: "Null"
        case .numeric(let comparison): comparison.operatorName
        case .otherType, .unknown: text
        }
    }

    /// Whether the condition is true when the key is not in the request context at all.
    var matchesAbsentKey: Bool {
        switch family {
        case .null: false  // Null is decided by its value; see ConditionMatcher.
        default: ifExists || qualifier == .forAllValues
        }
    }

    private static func family(of name: String, ifExists: Bool) -> Family {
        switch name {
        case "bool": return .bool
        // AWS allows IfExists on every operator except Null.
        case "null": return ifExists ? .unknown : .null
        default: break
        }
        if let comparison = LintNumericComparison.allCases.first(where: { $0.operatorName.lowercased() == name }) {
            return .numeric(comparison)
        }
        let otherFamilies = ["string", "date", "arn", "ipaddress", "notipaddress", "binary"]
        if otherFamilies.contains(where: { name.hasPrefix($0) }) { return .otherType(name) }
        return .unknown
    }
}
