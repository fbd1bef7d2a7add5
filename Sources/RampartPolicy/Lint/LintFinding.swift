/// One problem the linter found, located in the document and explained for a reviewer.
public struct LintFinding: Sendable, Equatable {
    public enum Severity: String, Sendable {
        /// Credentials without MFA get through where the policy means to require it.
        case error
        /// Probably not what the author meant, or MFA enforced less strictly than it reads.
        case warning
        /// A known trade-off of a recommended pattern.
        case info
    }

    /// A stable id (an `MFALintRule` raw value), for suppression lists and tests.
    public var rule: String
    public var severity: Severity
    /// 1-based line of the condition operator, action pattern or statement the finding is about.
    public var line: Int
    public var column: Int
    /// 0-based index in the Statement list (0 when Statement is a single object).
    public var statementIndex: Int
    public var sid: String?
    /// What is wrong.
    public var message: String
    /// Which credentials slip through and why, citing the truth table.
    public var why: String
    /// The concrete change.
    public var fix: String

    public init(
        rule: String, severity: Severity, line: Int, column: Int, statementIndex: Int, sid: String?, message: String,
        why: String, fix: String
    ) {
        self.rule = rule
        self.severity = severity
        self.line = line
        self.column = column
        self.statementIndex = statementIndex
        self.sid = sid
        self.message = message
        self.why = why
        self.fix = fix
    }

    init(
        _ rule: MFALintRule, at position: LintPosition, in statement: LintStatement, message: String, why: String,
        fix: String
    ) {
        self.init(
            rule: rule.rawValue, severity: rule.severity, line: position.line, column: position.column,
            statementIndex: statement.index, sid: statement.sid, message: message, why: why, fix: fix)
    }
}
