/// One statement compiled for evaluation; its actions live in the policy's ActionTable. A class so that
/// handing a statement around retains one reference rather than each of its arrays.
final class CompiledStatement: Sendable {
    let index: Int
    let sid: String?
    let effect: Statement.Effect
    /// Nil when the statement has neither Resource nor NotResource (trust policies): it covers the resource
    /// the policy is attached to, whatever its ARN.
    let resources: PatternList?
    let resourcesNegated: Bool
    /// Nil when the statement has neither Principal nor NotPrincipal.
    let principal: PrincipalSpec?
    let conditions: [CompiledCondition]

    init(_ statement: Statement, index: Int, variables: Bool) throws(PolicyDocumentError) {
        self.index = index
        sid = statement.sid
        effect = statement.effect
        resourcesNegated = statement.resources == nil && statement.notResources != nil
        resources = (statement.resources ?? statement.notResources).map { list in
            PatternList(
                list.map {
                    GlobPattern(
                        PolicyTemplate($0, wildcards: true, variables: variables, variablesAfterColons: 5),
                        rules: .resource)
                },
                rules: .resource)
        }
        if let map = statement.principals ?? statement.notPrincipals {
            principal = PrincipalSpec(map, negated: statement.principals == nil)
        } else {
            principal = nil
        }
        if let problem = statement.conditionProblem { throw .malformed(problem) }
        var conditions = [CompiledCondition]()
        // Sorted so that evaluation order (and so MissingContextValues order) does not depend on hashing.
        for (operatorName, keys) in (statement.condition ?? [:]).sorted(by: { $0.key < $1.key }) {
            for (key, values) in keys.sorted(by: { $0.key < $1.key }) {
                guard
                    let condition = CompiledCondition(
                        operatorName: operatorName, key: key, values: values, variables: variables)
                else { throw .malformed("Invalid Condition type : \(operatorName)") }
                conditions.append(condition)
            }
        }
        self.conditions = conditions
    }

    func coversResource(_ resource: UnsafeBufferPointer<UInt8>, context: ConditionContext, missing: inout MissingKeys)
        -> Bool
    {
        guard let resources else { return true }
        for variable in resources.variables
        where variable.defaultValue == nil && context.value(variable.lookupKey) == nil {
            missing.record(variable.key)
        }
        return resources.containsMatch(resource, in: context) != resourcesNegated
    }

    func conditionsHold(in context: ConditionContext, missing: inout MissingKeys) -> Bool {
        // Every condition is evaluated (no early exit) so MissingContextValues lists every absent key.
        var holds = true
        for condition in conditions where !condition.holds(in: context, missing: &missing) { holds = false }
        return holds
    }
}
