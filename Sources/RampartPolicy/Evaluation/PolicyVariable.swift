/// A policy variable such as ${aws:username} or ${aws:PrincipalTag/team, 'none'}: a context key read at
/// evaluation time, with the default IAM substitutes when the key is absent.
struct PolicyVariable: Sendable, Equatable {
    /// The key as written, for MissingContextValues.
    var key: String
    var lookupKey: ContextKey
    var defaultValue: String?

    init(key: String, defaultValue: String?) {
        self.key = key
        self.lookupKey = ContextKey(key)
        self.defaultValue = defaultValue
    }

    /// The text to substitute, or nil when there is none: AWS documents that a variable without a value
    /// (and without a default) makes the policy value match nothing. A multivalued key has no single text.
    func value(in context: ConditionContext) -> String? {
        guard let value = context.value(lookupKey), !value.isEmpty else { return defaultValue }
        return value.single
    }
}
