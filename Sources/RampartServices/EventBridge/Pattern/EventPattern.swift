/// An EventBridge event pattern, compiled once: an object whose members name event fields and
/// give either a list of accepted values (a leaf) or a nested pattern, plus `$or` alternatives.
///
/// Matching walks the pattern and looks each field up in the event, so it is linear in the size
/// of the event for a given pattern; every matcher is linear in the value it reads (wildcards
/// included, see `EventWildcard`). An event field that is an array matches when any element
/// does; a nested pattern on an array of objects matches when one of the objects matches it whole.
public struct EventPattern: Sendable, Equatable {
    let root: ObjectPattern

    struct ObjectPattern: Sendable, Equatable {
        var fields: [(name: String, pattern: FieldPattern)]
        /// Each `$or`: at least one of its alternatives must match the same object.
        var alternatives: [[ObjectPattern]]

        static func == (lhs: ObjectPattern, rhs: ObjectPattern) -> Bool {
            lhs.fields.map(\.name) == rhs.fields.map(\.name) && lhs.fields.map(\.pattern) == rhs.fields.map(\.pattern)
                && lhs.alternatives == rhs.alternatives
        }
    }

    indirect enum FieldPattern: Sendable, Equatable {
        case leaf([FieldMatcher])
        case nested(ObjectPattern)
    }

    /// Parses and validates the pattern's JSON text.
    public init(json text: String) throws(EventPatternError) {
        guard let value = EventJSON(parsing: text) else {
            throw EventPatternError("Filter is not valid JSON")
        }
        root = try EventPatternParser.object(value)
    }

    public func matches(_ event: EventJSON) -> Bool {
        guard case .object(let members) = event else { return false }
        return root.matches(members)
    }
}

extension EventPattern.ObjectPattern {
    /// `members` nil: the object is absent, and only patterns that accept absence match.
    func matches(_ members: [String: EventJSON]?) -> Bool {
        for (name, pattern) in fields where !pattern.matches(members?[name]) { return false }
        for choices in alternatives where !choices.contains(where: { $0.matches(members) }) { return false }
        return true
    }
}

extension EventPattern.FieldPattern {
    func matches(_ value: EventJSON?) -> Bool {
        switch self {
        case .nested(let pattern):
            switch value {
            case .object(let members): return pattern.matches(members)
            case .array(let items):
                return items.contains { item in
                    if case .object(let members) = item { return pattern.matches(members) }
                    return false
                }
            case nil: return pattern.matches(nil)
            default: return false
            }
        case .leaf(let matchers):
            var scalars: [EventJSON] = []
            var sawObject = false
            Self.flatten(value, into: &scalars, sawObject: &sawObject)
            if scalars.isEmpty { return matchers.contains(.exists(false)) }
            return matchers.contains { matcher in scalars.contains { matcher.matches($0) } }
        }
    }

    /// The scalar values of a field: itself, or the scalars of an array (and of arrays in it).
    /// Objects are not leaves: `exists` and the other matchers see only scalars, as on AWS.
    static func flatten(_ value: EventJSON?, into scalars: inout [EventJSON], sawObject: inout Bool) {
        switch value {
        case nil: return
        case .object: sawObject = true
        case .array(let items): for item in items { flatten(item, into: &scalars, sawObject: &sawObject) }
        case let scalar?: scalars.append(scalar)
        }
    }
}
