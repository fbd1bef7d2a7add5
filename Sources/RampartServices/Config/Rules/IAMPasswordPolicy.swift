extension ManagedRule {
    /// iam-password-policy: the account's password policy is at least as strict as each parameter.
    /// No policy at all is non-compliant.
    static let iamPasswordPolicy = ManagedRule(
        "IAM_PASSWORD_POLICY", trigger: .periodic, resourceTypes: [ConfigResourceType.account],
        parameters: [
            RuleParameter("RequireUppercaseCharacters", .bool, default: "true"),
            RuleParameter("RequireLowercaseCharacters", .bool, default: "true"),
            RuleParameter("RequireSymbols", .bool, default: "true"),
            RuleParameter("RequireNumbers", .bool, default: "true"),
            RuleParameter("MinimumPasswordLength", .int, default: "14"),
            RuleParameter("PasswordReusePrevention", .int, default: "24"),
            RuleParameter("MaxPasswordAge", .int, default: "90"),
        ]
    ) { facts, parameters, _ in
        guard let policy = facts.passwordPolicy else {
            return [.account(facts, .nonCompliant, "The account has no password policy.")]
        }
        var failures: [String] = []
        let requirements: [(String, Bool)] = [
            ("RequireUppercaseCharacters", policy.requireUppercaseCharacters),
            ("RequireLowercaseCharacters", policy.requireLowercaseCharacters),
            ("RequireSymbols", policy.requireSymbols), ("RequireNumbers", policy.requireNumbers),
        ]
        for (name, held) in requirements where parameters.bool(name) == true && !held { failures.append(name) }
        if let minimum = parameters.int("MinimumPasswordLength"), policy.minimumPasswordLength < minimum {
            failures.append("MinimumPasswordLength")
        }
        if let reuse = parameters.int("PasswordReusePrevention"), policy.passwordReusePrevention < reuse {
            failures.append("PasswordReusePrevention")
        }
        // A policy without expiry (0) allows passwords of any age.
        if let age = parameters.int("MaxPasswordAge"), policy.maxPasswordAge == 0 || policy.maxPasswordAge > age {
            failures.append("MaxPasswordAge")
        }
        return failures.isEmpty
            ? [.account(facts, .compliant)]
            : [
                .account(
                    facts, .nonCompliant, "The password policy does not meet: \(failures.joined(separator: ", ")).")
            ]
    }
}
