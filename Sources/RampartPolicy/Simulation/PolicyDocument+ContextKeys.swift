extension PolicyDocument {
    /// The context keys this document reads, as GetContextKeysForCustomPolicy lists them: every key a
    /// Condition tests and every key a policy variable (`${aws:username}`) substitutes, each once whatever its
    /// spelling (keys are case-insensitive), in the spelling first met, sorted so that the answer does not
    /// depend on how the JSON object happened to be ordered.
    public var referencedContextKeys: [String] {
        var keys = [String]()
        var seen = Set<String>()
        func add(_ key: String) {
            if seen.insert(key.lowercased()).inserted { keys.append(key) }
        }
        // IAM substitutes variables only under Version 2012-10-17; elsewhere `${…}` is literal text.
        let variables = version == "2012-10-17"
        func addVariables(in text: String, afterColons: Int = 0) {
            guard variables, text.contains("${") else { return }
            let template = PolicyTemplate(
                text, wildcards: false, variables: true, variablesAfterColons: afterColons)
            for variable in template.variables { add(variable.key) }
        }
        for statement in statements {
            for resource in (statement.resources ?? []) + (statement.notResources ?? []) {
                addVariables(in: resource, afterColons: 5)
            }
            for (_, block) in statement.condition ?? [:] {
                for (key, values) in block {
                    add(key)
                    values.forEach { addVariables(in: $0) }
                }
            }
        }
        return keys.sorted { $0.lowercased() < $1.lowercased() }
    }
}
