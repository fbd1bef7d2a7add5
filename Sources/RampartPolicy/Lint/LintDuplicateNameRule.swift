/// Reports a name that appears twice in one object of a statement (two "Condition" members, two "Bool" blocks,
/// the same key twice). JSON leaves repeated names undefined: parsers keep the first or the last, so the test a
/// reviewer reads may not be the one enforced. The linter itself judges the last one.
enum LintDuplicateNameRule {
    static func findings(_ statement: LintStatement) -> [LintFinding] {
        duplicates(in: statement.node).map { member in
            LintFinding(
                .duplicateName, at: member.namePosition, in: statement,
                message: "\"\(member.name)\" appears more than once in the same object",
                why: "JSON does not define which of two members with the same name counts, and parsers differ (many"
                    + " keep the last). A second \"Bool\" or \"Condition\" block can silently replace the MFA test"
                    + " above it, letting requests without MFA through.",
                fix: "Merge the two into one member (several keys can share one operator block).")
        }
    }

    /// Every repeated member (all but the first of each name), depth first, in document order.
    private static func duplicates(in node: LintJSONNode) -> [LintJSONMember] {
        switch node.value {
        case .object(let members):
            var seen = Set<String>()
            var found: [LintJSONMember] = []
            for member in members {
                if !seen.insert(member.name).inserted { found.append(member) }
                found += duplicates(in: member.value)
            }
            return found
        case .array(let items):
            return items.flatMap(duplicates(in:))
        default:
            return []
        }
    }
}
