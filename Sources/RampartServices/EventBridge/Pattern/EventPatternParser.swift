import RampartPolicy

/// Turns a pattern's JSON into an `EventPattern`, refusing what EventBridge refuses with its reasons.
enum EventPatternParser {
    static func object(_ value: EventJSON) throws(EventPatternError) -> EventPattern.ObjectPattern {
        guard case .object(let members) = value else { throw EventPatternError("Filter is not an object") }
        guard !members.isEmpty else { throw EventPatternError("Empty objects are not allowed") }
        var pattern = EventPattern.ObjectPattern(fields: [], alternatives: [])
        for name in members.keys.sorted() {
            let member = members[name]!
            if name == "$or" {
                guard case .array(let items) = member, items.count >= 2 else {
                    throw EventPatternError("Value of $or must be an array of at least 2 objects")
                }
                var choices: [EventPattern.ObjectPattern] = []
                for item in items {
                    guard case .object = item else {
                        throw EventPatternError("Value of $or must be an array of at least 2 objects")
                    }
                    choices.append(try object(item))
                }
                pattern.alternatives.append(choices)
                continue
            }
            switch member {
            case .object: pattern.fields.append((name, .nested(try object(member))))
            case .array(let items):
                guard !items.isEmpty else { throw EventPatternError("Empty arrays are not allowed") }
                pattern.fields.append(
                    (name, .leaf(try items.map { item throws(EventPatternError) in try matcher(item) })))
            default: throw EventPatternError("\"\(name)\" must be an object or an array")
            }
        }
        return pattern
    }

    static func matcher(_ item: EventJSON) throws(EventPatternError) -> FieldMatcher {
        switch item {
        case .array: throw EventPatternError("Match value must be String, number, true, false, or null")
        case .object(let members):
            guard members.count == 1, let (kind, operand) = members.first else {
                throw EventPatternError(
                    members.isEmpty ? "Empty objects are not allowed" : "Only one key allowed in match expression")
            }
            return try matchExpression(kind, operand)
        case .number(let number): return .exact(.number(try checked(number)))
        default: return .exact(item)
        }
    }

    static func matchExpression(_ kind: String, _ operand: EventJSON) throws(EventPatternError) -> FieldMatcher {
        switch kind {
        case "prefix", "suffix":
            let (text, ignoringCase) = try affix(kind, operand)
            return kind == "prefix"
                ? .prefix(text, ignoringCase: ignoringCase) : .suffix(text, ignoringCase: ignoringCase)
        case "equals-ignore-case":
            guard case .string(let text) = operand else {
                throw EventPatternError("equals-ignore-case match pattern must be a string")
            }
            return .equalsIgnoringCase(text)
        case "wildcard": return .wildcard(try wildcard(operand))
        case "exists":
            guard case .bool(let present) = operand else {
                throw EventPatternError("exists match pattern must be either true or false.")
            }
            return .exists(present)
        case "cidr":
            guard case .string(let text) = operand, text.contains("/"), let network = IPNetwork(text) else {
                throw EventPatternError("Malformed CIDR, one '/' required")
            }
            return .cidr(network)
        case "numeric": return .numeric(try numeric(operand))
        case "anything-but": return .anythingBut(try anythingBut(operand))
        default: throw EventPatternError("Unrecognized match type \(kind)")
        }
    }

    /// `"prefix": "x"` or `"prefix": {"equals-ignore-case": "x"}`.
    static func affix(_ kind: String, _ operand: EventJSON) throws(EventPatternError) -> (String, Bool) {
        if case .string(let text) = operand { return (text, false) }
        if case .object(let members) = operand, members.count == 1,
            case .string(let text)? = members["equals-ignore-case"]
        {
            return (text, true)
        }
        throw EventPatternError("\(kind) match pattern must be a string")
    }

    static func wildcard(_ operand: EventJSON) throws(EventPatternError) -> EventWildcard {
        guard case .string(let text) = operand else {
            throw EventPatternError("wildcard match pattern must be a string")
        }
        guard let pattern = EventWildcard(text) else {
            throw EventPatternError("Consecutive wildcard characters or an invalid escape in \(text)")
        }
        return pattern
    }

    /// AWS's numbers lie within ±5.0E9 (event-ruler's range for numeric matching).
    static func checked(_ number: Double) throws(EventPatternError) -> Double {
        guard abs(number) <= 5e9 else { throw EventPatternError("Value of number must be between -5.0E9 and 5.0E9") }
        return number
    }

    /// `[">", 0, "<=", 5]` or `["=", 3]`: one or two comparisons, a lower bound before an upper one.
    static func numeric(_ operand: EventJSON) throws(EventPatternError) -> [FieldMatcher.NumericBound] {
        guard case .array(let items) = operand, !items.isEmpty, items.count % 2 == 0, items.count <= 4 else {
            throw EventPatternError("Value of numeric must be an array.")
        }
        var bounds: [FieldMatcher.NumericBound] = []
        var index = 0
        while index < items.count {
            guard case .string(let op) = items[index],
                let comparison = FieldMatcher.NumericBound.Comparison(rawValue: op)
            else { throw EventPatternError("Unrecognized numeric range operator: \(items[index].text)") }
            guard case .number(let number) = items[index + 1] else {
                throw EventPatternError("Value of \(op) must be numeric")
            }
            bounds.append(.init(comparison: comparison, value: try checked(number)))
            index += 2
        }
        if bounds.count == 2 {
            let lower: Set<FieldMatcher.NumericBound.Comparison> = [.greater, .greaterOrEqual]
            let upper: Set<FieldMatcher.NumericBound.Comparison> = [.less, .lessOrEqual]
            guard lower.contains(bounds[0].comparison), upper.contains(bounds[1].comparison) else {
                throw EventPatternError(
                    "Bad numeric range: a lower bound (> or >=) must come before an upper one (< or <=)")
            }
            guard bounds[0].value < bounds[1].value else {
                throw EventPatternError("Bottom must be less than top")
            }
        }
        return bounds
    }

    static func anythingBut(_ operand: EventJSON) throws(EventPatternError) -> FieldMatcher.AnythingBut {
        switch operand {
        case .string, .number: return .values([try scalar(operand)])
        case .array(let items):
            guard !items.isEmpty else { throw EventPatternError("Empty arrays are not allowed") }
            return .values(try items.map { item throws(EventPatternError) in try scalar(item) })
        case .object(let members):
            guard members.count == 1, let (kind, inner) = members.first else {
                throw EventPatternError("Only one key allowed in match expression")
            }
            switch kind {
            case "prefix", "suffix":
                guard case .string(let text) = inner else {
                    throw EventPatternError("\(kind) match pattern must be a string")
                }
                return kind == "prefix" ? .prefix(text) : .suffix(text)
            case "equals-ignore-case":
                return .equalsIgnoringCase(try strings(inner, kind))
            case "wildcard":
                if case .array(let items) = inner {
                    return .wildcard(try items.map { item throws(EventPatternError) in try wildcard(item) })
                }
                return .wildcard([try wildcard(inner)])
            default: throw EventPatternError("Unsupported anything-but pattern: \(kind)")
            }
        default:
            throw EventPatternError("Value of anything-but must be an array or single string/number value.")
        }
    }

    static func scalar(_ item: EventJSON) throws(EventPatternError) -> EventJSON {
        switch item {
        case .string: return item
        case .number(let number): return .number(try checked(number))
        default: throw EventPatternError("Inside anything-but list, start|null|boolean is not supported.")
        }
    }

    static func strings(_ operand: EventJSON, _ kind: String) throws(EventPatternError) -> [String] {
        if case .string(let text) = operand { return [text] }
        if case .array(let items) = operand, !items.isEmpty {
            var texts: [String] = []
            for item in items {
                guard case .string(let text) = item else {
                    throw EventPatternError("\(kind) match pattern must be a string")
                }
                texts.append(text)
            }
            return texts
        }
        throw EventPatternError("\(kind) match pattern must be a string")
    }
}
