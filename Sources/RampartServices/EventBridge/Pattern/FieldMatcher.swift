import RampartPolicy

/// One element of a pattern's list of values: what a single event value must be for the field
/// to match. A list matches when any of its elements matches any of the field's values.
enum FieldMatcher: Sendable, Equatable {
    case exact(EventJSON)
    case prefix(String, ignoringCase: Bool)
    case suffix(String, ignoringCase: Bool)
    case equalsIgnoringCase(String)
    case wildcard(EventWildcard)
    case anythingBut(AnythingBut)
    case exists(Bool)
    case numeric([NumericBound])
    case cidr(IPNetwork)

    /// `anything-but`: a value that is none of these (or has none of these forms).
    enum AnythingBut: Sendable, Equatable {
        case values([EventJSON])
        case prefix(String)
        case suffix(String)
        case equalsIgnoringCase([String])
        case wildcard([EventWildcard])
    }

    struct NumericBound: Sendable, Equatable {
        enum Comparison: String, Sendable {
            case less = "<", lessOrEqual = "<=", equal = "=", greater = ">", greaterOrEqual = ">="
        }
        var comparison: Comparison
        var value: Double

        func holds(for number: Double) -> Bool {
            switch comparison {
            case .less: number < value
            case .lessOrEqual: number <= value
            case .equal: number == value
            case .greater: number > value
            case .greaterOrEqual: number >= value
            }
        }
    }

    /// Whether one present scalar value of the event matches.
    func matches(_ value: EventJSON) -> Bool {
        switch self {
        case .exact(let expected): return value == expected
        case .exists(let present): return present
        case .numeric(let bounds):
            guard case .number(let number) = value else { return false }
            return bounds.allSatisfy { $0.holds(for: number) }
        case .anythingBut(let excluded): return !excluded.excludes(value)
        default: break
        }
        guard case .string(let text) = value else { return false }
        switch self {
        case .prefix(let prefix, let ignoringCase):
            return ignoringCase ? text.lowercased().hasPrefix(prefix.lowercased()) : text.hasPrefix(prefix)
        case .suffix(let suffix, let ignoringCase):
            return ignoringCase ? text.lowercased().hasSuffix(suffix.lowercased()) : text.hasSuffix(suffix)
        case .equalsIgnoringCase(let expected): return text.lowercased() == expected.lowercased()
        case .wildcard(let pattern): return pattern.matches(text)
        case .cidr(let network): return network.contains(text)
        default: return false
        }
    }
}

extension FieldMatcher.AnythingBut {
    func excludes(_ value: EventJSON) -> Bool {
        switch self {
        case .values(let values): return values.contains(value)
        default: break
        }
        guard case .string(let text) = value else { return false }
        switch self {
        case .prefix(let prefix): return text.hasPrefix(prefix)
        case .suffix(let suffix): return text.hasSuffix(suffix)
        case .equalsIgnoringCase(let values): return values.contains { $0.lowercased() == text.lowercased() }
        case .wildcard(let patterns): return patterns.contains { $0.matches(text) }
        case .values: return false
        }
    }
}
