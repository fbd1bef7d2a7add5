/// A `*`/`?` pattern outside any policy, matched the way StringLike matches (case-sensitive, wildcards cross
/// every character) by the same compiled matcher: PolicyExclusionList's policy ARNs and entity names, and
/// anywhere else an IAM API takes a wildcard name.
public struct WildcardPattern: Sendable {
    private let patterns: PatternList

    public init(_ text: String) {
        let template = PolicyTemplate(text, wildcards: true, variables: false)
        patterns = PatternList([GlobPattern(template, rules: .text)], rules: .text)
    }

    public func matches(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { patterns.containsMatch($0, in: ConditionContext()) }
    }
}
