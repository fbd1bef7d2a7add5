/// The request context that conditions and policy variables read. Key names are case-insensitive, as IAM
/// documents for condition keys; values keep their case.
public struct ConditionContext: Sendable, Equatable {
    private var storage: [ContextKey: ContextValue]

    public init(_ values: [String: ContextValue] = [:]) {
        var storage = [ContextKey: ContextValue](minimumCapacity: values.count)
        for (key, value) in values { storage[ContextKey(key)] = value }
        self.storage = storage
    }

    public subscript(key: String) -> ContextValue? { storage[ContextKey(key)] }

    /// Sets or, with nil, removes a key.
    public mutating func set(_ key: String, _ value: ContextValue?) { storage[ContextKey(key)] = value }

    /// Lookup with a key the compiler prepared.
    func value(_ key: ContextKey) -> ContextValue? { storage[key] }
}
