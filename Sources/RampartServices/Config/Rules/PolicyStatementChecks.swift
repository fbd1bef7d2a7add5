import RampartPolicy

/// What the two policy-statement rules look for in a customer managed policy.
enum PolicyStatementChecks {
    /// An Allow of every action (`*`) on every resource (`*`).
    static func grantsAdminAccess(_ statement: Statement) -> Bool {
        statement.effect == .allow && (statement.actions ?? []).contains("*")
            && (statement.resources ?? []).contains("*")
    }

    /// An Allow of every action of a service (`iam:*`), or of every action at all.
    static func grantsFullAccess(_ statement: Statement) -> Bool {
        statement.effect == .allow && (statement.actions ?? []).contains { $0 == "*" || $0.hasSuffix(":*") }
    }

    /// The verdicts on every customer managed policy; a permissions boundary is not applicable
    /// when `excludePermissionBoundaryPolicy` is true, and a document that does not parse cannot
    /// grant anything.
    static func verdicts(
        _ facts: IdentityFacts, _ parameters: RuleParameters, annotation: String,
        violates: (Statement) -> Bool
    ) -> [ResourceVerdict] {
        let boundaries = parameters.bool("excludePermissionBoundaryPolicy") == true ? facts.boundaryArns : []
        return facts.policies.map { policy in
            if boundaries.contains(policy.arn) {
                return ResourceVerdict(ConfigResourceType.policy, policy.id, .notApplicable)
            }
            let bad = (policy.statements ?? []).contains(where: violates)
            return ResourceVerdict(
                ConfigResourceType.policy, policy.id, bad ? .nonCompliant : .compliant, bad ? annotation : nil)
        }
    }
}
