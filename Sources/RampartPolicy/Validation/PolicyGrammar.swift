import Foundation

/// What IAM checks of a policy document before it stores one, in the order IAM checks it, so that a
/// document with several faults gets the message AWS gives for the first of them:
///
/// 1. syntax (JSON, the elements and the shape of each value): "Syntax errors in policy.";
/// 2. the element rules of the document's kind (a principal in an identity policy, a resource in a
///    trust policy);
/// 3. the language version, for managed policies only;
/// 4. IAM's older parser (case of `Effect`, dates in Date conditions, the colons of a resource);
/// 5. statement ids; 6. actions present; 7. resources present; 8. the first resource format fault;
/// 9. the vendor of each action.
///
/// The order and the messages are those public records of AWS's answers show (moto's test cases,
/// AWS documentation, issue reports quoting the API); tests/e2e/data/policy_validation.json keeps
/// them as cases, each with where it was seen.
public struct PolicyGrammar: Sendable {
    public var kind: PolicyDocument.Kind
    /// The partition of the account the policy belongs to: a resource of another partition is refused.
    /// Nil accepts every partition AWS has (documents read back, or checked outside an account).
    public var partition: String?
    /// Managed policies (CreatePolicy, CreatePolicyVersion) must use the 2012-10-17 language.
    public var requiresCurrentVersion: Bool
    /// False to read a stored document for evaluation: only its shape (steps 1 and 2) matters then, so a
    /// policy stored before a write rule was added is still evaluated as written.
    var checksWriteRules = true

    public init(kind: PolicyDocument.Kind, partition: String? = nil, requiresCurrentVersion: Bool = false) {
        self.kind = kind
        self.partition = partition
        self.requiresCurrentVersion = requiresCurrentVersion
    }

    /// The grammar a stored document is read with for evaluation.
    public static func reading(_ kind: PolicyDocument.Kind) -> PolicyGrammar {
        var grammar = PolicyGrammar(kind: kind)
        grammar.checksWriteRules = false
        return grammar
    }

    /// Checks the top-level object of a document in IAM's order; returns its statements as objects.
    @discardableResult
    func check(_ object: [String: Any]) throws(PolicyDocumentError) -> [[String: Any]] {
        guard let statements = Self.syntax(object) else { throw .syntax }
        try kindRules(statements)
        guard checksWriteRules else { return statements }
        if requiresCurrentVersion, object["Version"] as? String != "2012-10-17" {
            throw .malformed("Policy document must be version 2012-10-17 or greater.")
        }
        let legacyFailure = PolicyDocumentError.malformed("The policy failed legacy parsing")
        for statement in statements where !Self.passesLegacyParsing(statement) { throw legacyFailure }
        let resourceFault = try ResourceFormat.firstFault(in: statements, partition: partition)
        try Self.checkStatementIds(statements)
        for statement in statements where Self.strings(statement["Action"] ?? statement["NotAction"])?.isEmpty ?? true {
            throw .malformed("Policy statement must contain actions.")
        }
        if kind == .identity {
            for statement in statements
            where Self.strings(statement["Resource"] ?? statement["NotResource"])?.isEmpty ?? true {
                throw .malformed("Policy statement must contain resources.")
            }
        }
        if let resourceFault { throw .malformed(resourceFault) }
        for field in ["Action", "NotAction"] {
            for statement in statements {
                for action in Self.strings(statement[field]) ?? [] { try Self.checkVendor(action) }
            }
        }
        return statements
    }

    static let topLevelElements: Set<String> = ["Version", "Id", "Statement"]
    static let statementElements: Set<String> = [
        "Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal", "NotPrincipal", "Condition",
    ]

    /// The statements, when the document has IAM's shape; nil when it is a syntax error.
    private static func syntax(_ object: [String: Any]) -> [[String: Any]]? {
        guard object.keys.allSatisfy(topLevelElements.contains) else { return nil }
        if let version = object["Version"] {
            guard let text = version as? String, PolicyDocument.versions.contains(text) else { return nil }
        }
        if let id = object["Id"], !(id is String) { return nil }
        let listed: [Any]
        switch object["Statement"] {
        case let list as [Any]: listed = list
        case let single as [String: Any]: listed = [single]
        default: return nil
        }
        guard !listed.isEmpty else { return nil }
        var statements = [[String: Any]]()
        statements.reserveCapacity(listed.count)
        for item in listed {
            guard let statement = item as? [String: Any], statementSyntax(statement) else { return nil }
            statements.append(statement)
        }
        return statements
    }

    private static func statementSyntax(_ statement: [String: Any]) -> Bool {
        guard statement.keys.allSatisfy(statementElements.contains) else { return false }
        for (one, other) in [("Action", "NotAction"), ("Resource", "NotResource"), ("Principal", "NotPrincipal")]
        where statement[one] != nil && statement[other] != nil {
            return false
        }
        // IAM's grammar reads the effect without regard to case; its older parser does not (step 4).
        guard let effect = statement["Effect"] as? String, ["allow", "deny"].contains(effect.lowercased()) else {
            return false
        }
        for field in ["Action", "NotAction", "Resource", "NotResource"] where statement[field] != nil {
            guard strings(statement[field]) != nil else { return false }
        }
        if let sid = statement["Sid"], !(sid is String) { return false }
        if let condition = statement["Condition"] { return conditionSyntax(condition) }
        return true
    }

    /// A Condition is an object of operators, each an object of keys whose values are scalars or lists of
    /// them. An operator IAM does not define is tolerated only with nothing under it.
    private static func conditionSyntax(_ condition: Any) -> Bool {
        guard let operators = condition as? [String: Any] else { return false }
        for (name, block) in operators {
            guard let entries = block as? [String: Any] else { return false }
            if ParsedOperatorName(name) == nil, !entries.isEmpty { return false }
            for value in entries.values {
                let items = value as? [Any] ?? [value]
                guard items.allSatisfy({ $0 is String || $0 is NSNumber }) else { return false }
            }
        }
        return true
    }

    private func kindRules(_ statements: [[String: Any]]) throws(PolicyDocumentError) {
        for statement in statements {
            let hasPrincipal = statement["Principal"] != nil || statement["NotPrincipal"] != nil
            switch kind {
            case .identity:
                if hasPrincipal { throw .malformed("Policy document should not specify a principal.") }
            case .trust:
                if statement["Resource"] != nil || statement["NotResource"] != nil {
                    throw .malformed("Has prohibited field Resource")
                }
                if !hasPrincipal { throw .malformed("Missing required field Principal") }
            case .resource:
                break
            }
        }
    }

    private static func passesLegacyParsing(_ statement: [String: Any]) -> Bool {
        guard let effect = statement["Effect"] as? String, Statement.Effect(rawValue: effect) != nil else {
            return false
        }
        guard let operators = statement["Condition"] as? [String: Any] else { return true }
        for (name, block) in operators {
            guard case .date = ParsedOperatorName(name)?.family, let entries = block as? [String: Any] else { continue }
            for value in entries.values {
                for item in value as? [Any] ?? [value] {
                    let text = (item as? String) ?? (item as? NSNumber)?.stringValue ?? ""
                    guard LegacyDate.parses(text) else { return false }
                }
            }
        }
        return true
    }

    private static func checkStatementIds(_ statements: [[String: Any]]) throws(PolicyDocumentError) {
        let sids = statements.compactMap { $0["Sid"] as? String }
        let alphanumeric = { (scalar: Unicode.Scalar) in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))
        }
        if sids.contains(where: { !$0.unicodeScalars.allSatisfy(alphanumeric) }) {
            throw .malformed(
                "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*"
            )
        }
        // An empty Sid names nothing, so several may be empty.
        var seen = Set<String>()
        for sid in sids where !sid.isEmpty && !seen.insert(sid).inserted {
            throw .malformed("Statement IDs (SID) in a single policy must be unique.")
        }
    }

    private static func checkVendor(_ action: String) throws(PolicyDocumentError) {
        guard action != "*" else { return }
        let parts = action.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count > 1 else {
            throw .malformed("Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.")
        }
        guard parts.count == 2 else { throw .malformed("Actions/Condition can contain only one colon.") }
        let vendor = parts[0]
        guard vendor == "*" || vendor.unicodeScalars.allSatisfy(isVendorCharacter) else {
            throw .malformed("Vendor \(vendor) is not valid")
        }
    }

    /// The characters a service prefix (the "vendor" of `vendor:Action`) may hold.
    private static func isVendorCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII
            && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-" || scalar == ".")
    }

    /// A string or a list of strings, as a list; nil for anything else.
    static func strings(_ value: Any?) -> [String]? {
        switch value {
        case let text as String: return [text]
        case let list as [Any]:
            var result = [String]()
            result.reserveCapacity(list.count)
            for item in list {
                guard let text = item as? String else { return nil }
                result.append(text)
            }
            return result
        default: return nil
        }
    }
}
