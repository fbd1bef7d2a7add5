/// Why a document could not be linted at all.
public enum LintError: Error, Equatable, Sendable {
    /// The text is not JSON, or is JSON but not an object (a policy document always is one); the position is
    /// where reading stopped.
    case notJSON(line: Int, column: Int, reason: String)
}
