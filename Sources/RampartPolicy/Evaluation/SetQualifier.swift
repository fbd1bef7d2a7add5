/// The ForAllValues:/ForAnyValue: prefix of a condition operator, for multivalued context keys.
enum SetQualifier: Sendable, Equatable {
    case none
    /// Every request value must satisfy the operator; true when the key is absent or empty.
    case forAllValues
    /// At least one request value must satisfy the operator; false when the key is absent or empty.
    case forAnyValue
}
