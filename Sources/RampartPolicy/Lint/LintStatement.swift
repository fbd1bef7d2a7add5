/// The parts of one policy statement the MFA rules look at, each with its source position. Anything IAM would
/// reject (a missing Effect, a Condition that is not an object) is simply absent here: the linter judges MFA
/// intent, PolicyDocument judges validity.
struct LintStatement: Sendable, Equatable {
    enum Effect: Sendable, Equatable {
        case allow
        case deny
    }

    var index: Int
    var sid: String?
    var effect: Effect?
    /// The statement's opening brace.
    var position: LintPosition
    /// The NotAction patterns (string nodes only), or nil when the statement has no NotAction.
    var notActions: [LintJSONNode]?
    var conditions: [LintConditionEntry]
    var node: LintJSONNode

    /// The statements of a policy whose root is `root`; `Statement` may be one object or a list of them.
    static func statements(in root: LintJSONNode) -> [LintStatement] {
        guard let statementNode = root.member("Statement")?.value else { return [] }
        return statementNode.elements.enumerated().compactMap { index, node in
            node.members == nil ? nil : LintStatement(index: index, node: node)
        }
    }

    init(index: Int, node: LintJSONNode) {
        self.index = index
        self.node = node
        position = node.position
        sid = node.member("Sid")?.value.string
        switch node.member("Effect")?.value.string?.lowercased() {
        case "allow": effect = .allow
        case "deny": effect = .deny
        default: effect = nil
        }
        notActions = node.member("NotAction").map { member in member.value.elements.filter { $0.string != nil } }
        conditions = Self.entries(of: node.member("Condition")?.value)
    }

    /// Flattens the Condition block into entries. A name repeated in the block or an operator's object counts
    /// once, the last one, as a last-wins parser would read it; LintDuplicateNameRule reports the repetition.
    private static func entries(of condition: LintJSONNode?) -> [LintConditionEntry] {
        guard let operators = condition?.members else { return [] }
        return lastOfEachName(operators).flatMap { operatorMember -> [LintConditionEntry] in
            guard let keys = operatorMember.value.members else { return [] }
            let conditionOperator = LintConditionOperator(operatorMember.name)
            return lastOfEachName(keys).map { keyMember in
                LintConditionEntry(
                    conditionOperator: conditionOperator, operatorPosition: operatorMember.namePosition,
                    key: keyMember.name, keyPosition: keyMember.namePosition, value: keyMember.value)
            }
        }
    }

    private static func lastOfEachName(_ members: [LintJSONMember]) -> [LintJSONMember] {
        members.enumerated().filter { offset, member in
            !members[(offset + 1)...].contains { $0.name == member.name }
        }.map(\.element)
    }
}
