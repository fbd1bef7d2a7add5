/// A JSON value together with the position of its first character. Objects keep every member in source order,
/// duplicates included, because the linter reports duplicate names that other parsers silently collapse.
struct LintJSONNode: Sendable, Equatable {
    indirect enum Value: Sendable, Equatable {
        case object([LintJSONMember])
        case array([LintJSONNode])
        case string(String)
        /// The number as written; the linter only ever compares it numerically.
        case number(String)
        case bool(Bool)
        case null
    }

    var value: Value
    var position: LintPosition
    /// Just past the value's last character (after a closing brace, bracket or quote). Not part of equality:
    /// tests and rules compare what a value is and where it starts.
    var end = LintPosition(line: 0, column: 0)

    init(value: Value, position: LintPosition) {
        self.value = value
        self.position = position
    }

    static func == (lhs: LintJSONNode, rhs: LintJSONNode) -> Bool {
        lhs.value == rhs.value && lhs.position == rhs.position
    }

    /// The member named `name` (exact spelling) — the last one when the name repeats, matching what
    /// last-wins parsers such as JSONSerialization hand to IAM-style evaluators.
    func member(_ name: String) -> LintJSONMember? {
        guard case .object(let members) = value else { return nil }
        return members.last { $0.name == name }
    }

    var members: [LintJSONMember]? {
        if case .object(let members) = value { return members }
        return nil
    }

    var string: String? {
        if case .string(let text) = value { return text }
        return nil
    }

    /// A string, or each element of a list (IAM accepts both wherever a list of strings is allowed).
    var elements: [LintJSONNode] {
        if case .array(let items) = value { return items }
        return [self]
    }
}

/// One `"name": value` pair of an object; `namePosition` is the opening quote of the name.
struct LintJSONMember: Sendable, Equatable {
    var name: String
    var namePosition: LintPosition
    var value: LintJSONNode
}
