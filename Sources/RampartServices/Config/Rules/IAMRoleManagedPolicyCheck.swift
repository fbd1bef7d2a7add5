extension ManagedRule {
    /// iam-role-managed-policy-check: every role has all of `managedPolicyArns` attached.
    static let iamRoleManagedPolicyCheck = ManagedRule(
        "IAM_ROLE_MANAGED_POLICY_CHECK", trigger: .configurationChange, resourceTypes: [ConfigResourceType.role],
        parameters: [RuleParameter("managedPolicyArns", .csv, required: true)]
    ) { facts, parameters, _ in
        let wanted = parameters.list("managedPolicyArns")
        return facts.roles.map { role in
            let missing = wanted.filter { !role.managedPolicyArns.contains($0) }
            return ResourceVerdict(
                ConfigResourceType.role, role.id, missing.isEmpty ? .compliant : .nonCompliant,
                missing.isEmpty ? nil : "Missing \(missing.joined(separator: ", ")).")
        }
    }
}
