extension LintJSONNode {
    /// The value on one line, for quoting a policy fragment inside a message.
    var compactText: String {
        switch value {
        case .object(let members):
            "{" + members.map { "\"\($0.name)\": \($0.value.compactText)" }.joined(separator: ", ") + "}"
        case .array(let items): "[" + items.map(\.compactText).joined(separator: ", ") + "]"
        case .string(let text): "\"\(text)\""
        case .number(let text): text
        case .bool(let flag): flag ? "true" : "false"
        case .null: "null"
        }
    }
}
