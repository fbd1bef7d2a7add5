/// The Action/NotAction lists of all statements of a policy in one PatternList. Most statements do not
/// cover a given action, so evaluation asks this table first and touches only the statements it names.
struct ActionTable: Sendable {
    private let patterns: PatternList
    /// NotAction statements cover the actions their patterns do not match.
    private let negated: [Bool]

    init(_ statements: [Statement]) {
        patterns = PatternList(
            groups: statements.map { statement in
                (statement.actions ?? statement.notActions ?? []).map {
                    GlobPattern(PolicyTemplate($0, wildcards: true, variables: false), rules: .action)
                }
            }, rules: .action)
        negated = statements.map { $0.actions == nil }
    }

    /// Calls `body` with the index of each statement that covers the action, in order.
    func forEachCovering(
        _ action: UnsafeBufferPointer<UInt8>, context: ConditionContext, _ body: (Int) -> Void
    ) {
        let service = ServiceDigest.of(action)
        patterns.withView { view in
            for (index, group) in patterns.groups.enumerated()
            where view.containsMatch(entries: group, action, in: context, service: service) != negated[index] {
                body(index)
            }
        }
    }
}
