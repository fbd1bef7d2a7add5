/// Where one statement of a policy document begins and ends, as the simulation APIs report it in
/// MatchedStatements: the 1-based line and column of the statement's opening brace, and of the character just
/// past its closing brace. That reading reproduces the positions in AWS's published simulate-principal-policy
/// example for a policy formatted the way the IAM console formats it.
public struct StatementSpan: Sendable, Equatable {
    public var startLine: Int
    public var startColumn: Int
    public var endLine: Int
    public var endColumn: Int

    public init(startLine: Int, startColumn: Int, endLine: Int, endColumn: Int) {
        self.startLine = startLine
        self.startColumn = startColumn
        self.endLine = endLine
        self.endColumn = endColumn
    }

    /// The spans of every statement in document order (a lone Statement object is one span), or [] for text
    /// that is not a JSON object with a Statement member.
    public static func spans(in json: String) -> [StatementSpan] {
        guard let root = try? LintJSONReader.read(json), let statements = root.member("Statement")?.value else {
            return []
        }
        return statements.elements.map { node in
            StatementSpan(
                startLine: node.position.line, startColumn: node.position.column, endLine: node.end.line,
                endColumn: node.end.column)
        }
    }
}
