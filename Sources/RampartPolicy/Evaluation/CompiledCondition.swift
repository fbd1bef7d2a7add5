import Foundation

/// One operator–key pair of a Condition block with its policy values read ahead of time. The values of one
/// key are ORed; the statement ANDs its conditions.
///
/// A class, like CompiledStatement: evaluation passes these around on every decision, and one shared
/// reference costs less than copying a struct of arrays.
final class CompiledCondition: Sendable {
    /// The key as written, for MissingContextValues.
    let key: String
    let lookupKey: ContextKey
    let operatorName: ParsedOperatorName
    let operands: [ConditionOperand]
    /// StringLike and ArnLike/ArnEquals values, stored together for matching.
    let patterns: PatternList
    /// Variables referenced by the values, so that their absence can be reported.
    let variables: [PolicyVariable]

    init?(operatorName name: String, key: String, values: [String], variables: Bool) {
        guard let parsed = ParsedOperatorName(name) else { return nil }
        self.key = key
        lookupKey = ContextKey(key)
        operatorName = parsed
        operands = values.map { ConditionOperand($0, family: parsed.family, variables: variables) }
        patterns = PatternList(
            operands.compactMap { if case .pattern(let pattern) = $0 { pattern } else { nil } },
            rules: parsed.family == .arn ? .arnCondition : .text)
        self.variables = operands.flatMap(\.variables)
    }

    func holds(in context: ConditionContext, missing: inout MissingKeys) -> Bool {
        let value = context.value(lookupKey)
        let present = value.map { !$0.isEmpty } ?? false
        if !present { missing.record(key) }
        for variable in variables where variable.defaultValue == nil && context.value(variable.lookupKey) == nil {
            missing.record(variable.key)
        }
        let name = operatorName
        if name.family == .null {
            // Null true asks "is the key absent?", Null false "is it present?"; values are ORed.
            return operands.contains { if case .bool(let absent) = $0 { absent != present } else { false } }
        }
        guard present, let value else {
            if name.ifExists { return true }
            switch name.qualifier {
            case .forAllValues: return true
            case .forAnyValue: return false
            // AWS: a negated operator on a missing key matches; a positive one does not.
            case .none: return name.negated
            }
        }
        let operands =
            variables.isEmpty ? operands : operands.map { $0.resolved(in: context, family: name.family) ?? .invalid }
        switch name.qualifier {
        case .none:
            guard let single = value.single else { return name.negated }
            return test(single, operands, context)
        case .forAnyValue:
            switch value {
            case .string(let single): return test(single, operands, context)
            case .strings(let values): return values.contains { test($0, operands, context) }
            }
        case .forAllValues:
            switch value {
            case .string(let single): return test(single, operands, context)
            case .strings(let values): return values.allSatisfy { test($0, operands, context) }
            }
        }
    }

    /// One request value against the operator: a positive operator matches when any policy value does, a
    /// negated one when none does.
    private func test(_ requestValue: String, _ operands: [ConditionOperand], _ context: ConditionContext) -> Bool {
        anyMatches(requestValue, operands, context) != operatorName.negated
    }

    private func anyMatches(_ requestValue: String, _ operands: [ConditionOperand], _ context: ConditionContext) -> Bool
    {
        switch operatorName.family {
        case .string:
            return operands.contains { if case .text(let text) = $0 { text == requestValue } else { false } }
        case .stringIgnoringCase:
            return operands.contains {
                if case .text(let text) = $0 { CaseFolding.equal(text, requestValue) } else { false }
            }
        case .stringLike:
            var requestValue = requestValue
            return requestValue.withUTF8 { patterns.containsMatch($0, in: context) }
        case .arn:
            var requestValue = requestValue
            return requestValue.withUTF8 { bytes in
                ArnText.isWellFormed(bytes) && patterns.containsMatch(bytes, in: context)
            }
        case .numeric(let comparison):
            guard let number = PolicyNumber.parse(requestValue) else { return false }
            return operands.contains {
                if case .number(let policy) = $0 { comparison.holds(request: number, policy: policy) } else { false }
            }
        case .date(let comparison):
            guard let date = PolicyDate.parse(requestValue) else { return false }
            return operands.contains {
                if case .date(let policy) = $0 { comparison.holds(request: date, policy: policy) } else { false }
            }
        case .bool:
            guard let flag = RequestBool.parse(requestValue) else { return false }
            return operands.contains { $0 == .bool(flag) }
        case .binary:
            guard let bytes = Data(base64Encoded: requestValue).map(Array.init) else { return false }
            return operands.contains { $0 == .binary(bytes) }
        case .ipAddress:
            guard let address = IPAddressValue(requestValue) else { return false }
            return operands.contains { if case .ip(let range) = $0 { range.contains(address) } else { false } }
        case .null:
            return false
        }
    }
}
