/// Where something starts in a policy document: 1-based line and column. Columns count Unicode scalars, so a
/// line of ASCII JSON matches what an editor shows.
struct LintPosition: Sendable, Equatable, Comparable {
    var line: Int
    var column: Int

    init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    static func < (lhs: LintPosition, rhs: LintPosition) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}
