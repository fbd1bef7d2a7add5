/// A request-context value: one string, or the several values of a multivalued key (aws:TagKeys,
/// aws:CalledVia, aws:PrincipalOrgPaths). Every IAM context type (numbers, dates, booleans, IP addresses)
/// travels as text, as it does in SimulatePrincipalPolicy's ContextEntries; the condition operator decides
/// how to read it.
public enum ContextValue: Sendable, Equatable {
    case string(String)
    case strings([String])

    /// The one value a plain (set-less) operator compares, or nil when the key holds several: AWS documents
    /// plain operators for single-valued keys only, so a multivalued request value never equals anything.
    var single: String? {
        switch self {
        case .string(let value): value
        case .strings(let values): values.count == 1 ? values[0] : nil
        }
    }

    /// An empty list carries no value; AWS treats it like an absent key ("a null dataset").
    var isEmpty: Bool {
        if case .strings(let values) = self { return values.isEmpty }
        return false
    }
}
