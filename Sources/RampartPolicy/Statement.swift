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

    static let knownFields: Set<String> = [
        "Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal", "Condition",
    ]

    init(fields: [String: Any], kind: PolicyDocument.Kind) throws(PolicyDocumentError) {
        for key in fields.keys where !Self.knownFields.contains(key) {
            throw .malformed("Syntax errors in policy. Unknown field \(key)")
        }
        if let sid = fields["Sid"] {
            guard let text = sid as? String,
                text.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) })
            else { throw .malformed("Statement IDs (SID) must be alpha-numeric.") }
            self.sid = text
        }
        guard let effectText = fields["Effect"] as? String else { throw .malformed("Missing required field Effect") }
        guard let effect = Effect(rawValue: effectText) else {
            // "allow" passes IAM's grammar, which ignores case, and fails its older parser, which does not.
            if Effect(rawValue: effectText.prefix(1).uppercased() + effectText.dropFirst().lowercased()) != nil {
                throw .malformed("The policy failed legacy parsing")
            }
            throw .malformed("Invalid effect: \(effectText)")
        }
        self.effect = effect
        actions = try Self.strings(fields["Action"], field: "Action")
        notActions = try Self.strings(fields["NotAction"], field: "NotAction")
        guard (actions == nil) != (notActions == nil) else {
            throw .malformed(actions == nil ? "Policy statement must contain actions." : "Syntax errors in policy.")
        }
        for action in (actions ?? []) + (notActions ?? []) where action != "*" {
            let parts = action.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count <= 2 else { throw .malformed("Actions/Condition can contain only one colon.") }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw .malformed("Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.")
            }
            guard parts[0] == "*" || parts[0].unicodeScalars.allSatisfy(Self.isVendorCharacter) else {
                throw .malformed("Vendor \(parts[0]) is not valid")
            }
        }
        resources = try Self.strings(fields["Resource"], field: "Resource")
        notResources = try Self.strings(fields["NotResource"], field: "NotResource")
        principals = try Self.principal(fields["Principal"])
        notPrincipals = try Self.principal(fields["NotPrincipal"])
        hasCondition = fields["Condition"] != nil
        if let condition = fields["Condition"], !(condition is [String: Any]) { throw .syntax }
        if let block = fields["Condition"] as? [String: Any] {
            switch ConditionBlockReader.read(block) {
            case .success(let parsed): condition = parsed
            case .failure(let problem): conditionProblem = problem.message
            }
        }

        switch kind {
        case .identity:
            if principals != nil || notPrincipals != nil {
                throw .malformed("Policy document should not specify a principal.")
            }
            if resources == nil && notResources == nil { throw .malformed("Policy statement must contain resources.") }
        case .trust:
            if principals == nil && notPrincipals == nil { throw .malformed("Missing required field Principal") }
            if resources != nil || notResources != nil { throw .malformed("Has prohibited field Resource") }
        case .resource:
            break
        }
        for resource in (resources ?? []) + (notResources ?? []) where resource != "*" {
            try ResourceFormat.check(resource)
        }
    }

    /// The characters a service prefix (the "vendor" of `vendor:Action`) may hold.
    private static func isVendorCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII
            && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-" || scalar == ".")
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
