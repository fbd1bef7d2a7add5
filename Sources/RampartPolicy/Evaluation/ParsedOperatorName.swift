/// A condition operator name taken apart: "ForAnyValue:StringNotLikeIfExists" is a negated StringLike with
/// the ForAnyValue qualifier and IfExists.
struct ParsedOperatorName: Sendable, Equatable {
    var family: ConditionFamily
    /// StringNotEquals, NumericNotEquals, DateNotEquals, NotIpAddress, ArnNotEquals, ArnNotLike,
    /// StringNotEqualsIgnoreCase, StringNotLike: true when no policy value matches.
    var negated: Bool
    var qualifier: SetQualifier
    var ifExists: Bool

    /// Nil for a name IAM does not define (including NullIfExists, which AWS excludes).
    init?(_ name: String) {
        var rest = Substring(name.lowercased())
        qualifier = .none
        if rest.hasPrefix("forallvalues:") {
            qualifier = .forAllValues
            rest = rest.dropFirst("forallvalues:".count)
        } else if rest.hasPrefix("foranyvalue:") {
            qualifier = .forAnyValue
            rest = rest.dropFirst("foranyvalue:".count)
        }
        ifExists = false
        if Self.bases[String(rest)] == nil, rest.hasSuffix("ifexists") {
            ifExists = true
            rest = rest.dropLast("ifexists".count)
        }
        guard let (family, negated) = Self.bases[String(rest)], !(ifExists && family == .null) else { return nil }
        self.family = family
        self.negated = negated
    }

    private static let bases: [String: (ConditionFamily, Bool)] = [
        "stringequals": (.string, false),
        "stringnotequals": (.string, true),
        "stringequalsignorecase": (.stringIgnoringCase, false),
        "stringnotequalsignorecase": (.stringIgnoringCase, true),
        "stringlike": (.stringLike, false),
        "stringnotlike": (.stringLike, true),
        "numericequals": (.numeric(.equal), false),
        "numericnotequals": (.numeric(.equal), true),
        "numericlessthan": (.numeric(.less), false),
        "numericlessthanequals": (.numeric(.lessOrEqual), false),
        "numericgreaterthan": (.numeric(.greater), false),
        "numericgreaterthanequals": (.numeric(.greaterOrEqual), false),
        "dateequals": (.date(.equal), false),
        "datenotequals": (.date(.equal), true),
        "datelessthan": (.date(.less), false),
        "datelessthanequals": (.date(.lessOrEqual), false),
        "dategreaterthan": (.date(.greater), false),
        "dategreaterthanequals": (.date(.greaterOrEqual), false),
        "bool": (.bool, false),
        "binaryequals": (.binary, false),
        "ipaddress": (.ipAddress, false),
        "notipaddress": (.ipAddress, true),
        "arnequals": (.arn, false),
        "arnlike": (.arn, false),
        "arnnotequals": (.arn, true),
        "arnnotlike": (.arn, true),
        "null": (.null, false),
    ]
}
