/// One statement of a policy. Action/NotAction, Resource/NotResource and Principal/NotPrincipal
/// are kept as written (lists of strings); conditions are kept raw until the engine compiles them.
public struct Statement: Sendable, Equatable {
    public enum Effect: String, Sendable { case allow = "Allow", deny = "Deny" }

    public var sid: String?
    public var effect: Effect
    public var actions: [String]?
    public var notActions: [String]?
    public var resources: [String]?
    public var notResources: [String]?
    /// Principal map: "AWS", "Service", "Federated", "CanonicalUser" → values; "*" as ["*": ["*"]].
    public var principals: [String: [String]]?
    public var notPrincipals: [String: [String]]?
    public var hasCondition: Bool
    /// The Condition block as written: operator → context key → values. JSON numbers and booleans are
    /// kept as their text ("3600", "true"), which is how IAM compares them.
    public var condition: [String: [String: [String]]]?
    /// Why the Condition block cannot be evaluated (a nested object, a null), if it cannot. Parsing does
    /// not reject it, so write-time validation stays as it was; compiling for evaluation does.
    var conditionProblem: String?

    /// Reads a statement `PolicyGrammar` has checked; what remains to refuse here is the shape of a
    /// principal, which the grammar leaves to the reader of its kind.
    init(fields: [String: Any]) throws(PolicyDocumentError) {
        sid = fields["Sid"] as? String
        guard let effect = (fields["Effect"] as? String).flatMap(Effect.init(rawValue:)) else { throw .syntax }
        self.effect = effect
        actions = try Self.strings(fields["Action"], field: "Action")
        notActions = try Self.strings(fields["NotAction"], field: "NotAction")
        resources = try Self.strings(fields["Resource"], field: "Resource")
        notResources = try Self.strings(fields["NotResource"], field: "NotResource")
        principals = try Self.principal(fields["Principal"])
        notPrincipals = try Self.principal(fields["NotPrincipal"])
        hasCondition = fields["Condition"] != nil
        if let block = fields["Condition"] as? [String: Any] {
            switch ConditionBlockReader.read(block) {
            case .success(let parsed): condition = parsed
            case .failure(let problem): conditionProblem = problem.message
            }
        }
    }

    private static func strings(_ value: Any?, field: String) throws(PolicyDocumentError) -> [String]? {
        guard let value else { return nil }
        if let text = value as? String { return [text] }
        guard let list = value as? [Any], !list.isEmpty else { throw .syntax }
        var result = [String]()
        for item in list {
            guard let text = item as? String else { throw .syntax }
            result.append(text)
        }
        return result
    }

    private static func principal(_ value: Any?) throws(PolicyDocumentError) -> [String: [String]]? {
        guard let value else { return nil }
        if let text = value as? String {
            guard text == "*" else { throw .malformed("Invalid principal in policy: \(text)") }
            return ["*": ["*"]]
        }
        guard let map = value as? [String: Any], !map.isEmpty else { throw .malformed("Invalid principal in policy") }
        var result = [String: [String]]()
        for (type, raw) in map {
            guard ["AWS", "Service", "Federated", "CanonicalUser"].contains(type),
                let values = try strings(raw, field: "Principal")
            else { throw .malformed("Invalid principal in policy: \(type)") }
            result[type] = values
        }
        return result
    }
}
