/// What evaluation collects on its way: the statements that applied and the context keys that were missing.
struct EvaluationTrace {
    var allows: [MatchedStatement] = []
    var denies: [MatchedStatement] = []
    var missing = MissingKeys()

    /// Room for the usual handful of statements in one allocation rather than a doubling series.
    mutating func record(_ statement: MatchedStatement) {
        switch statement.effect {
        case .allow:
            if allows.capacity == 0 { allows.reserveCapacity(8) }
            allows.append(statement)
        case .deny:
            if denies.capacity == 0 { denies.reserveCapacity(4) }
            denies.append(statement)
        }
    }
}
