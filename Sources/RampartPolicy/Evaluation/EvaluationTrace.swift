/// What evaluation collects on its way: the statements that applied and the context keys that were missing.
struct EvaluationTrace {
    var allows: [MatchedStatement] = []
    var denies: [MatchedStatement] = []
    var missing = MissingKeys()
}
