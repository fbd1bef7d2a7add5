import RampartCore

/// The account password policy's rules in words, shown beside every field where a password is set, so
/// that a person meets them before the server refuses the password. No policy: IAM's default minimum.
enum PasswordRules {
    static func render(_ policy: PasswordPolicy?) -> String {
        let policy = policy ?? PasswordPolicy()
        var rules = ["At least \(policy.minimumPasswordLength) characters"]
        if policy.requireUppercaseCharacters { rules.append("an uppercase letter (A–Z)") }
        if policy.requireLowercaseCharacters { rules.append("a lowercase letter (a–z)") }
        if policy.requireNumbers { rules.append("a number (0–9)") }
        if policy.requireSymbols {
            rules.append("a symbol (\(HTML.escape(String(PasswordPolicy.symbols.sorted()))))")
        }
        if policy.passwordReusePrevention > 0 {
            rules.append(
                policy.passwordReusePrevention == 1
                    ? "not your previous password"
                    : "none of your last \(policy.passwordReusePrevention) passwords")
        }
        let items = rules.enumerated().map { index, rule in
            "<li>\(index == 0 ? rule : rule.prefix(1).uppercased() + rule.dropFirst())</li>"
        }.joined()
        return "<div id=\"password-rules\"><p>The new password needs:</p><ul>\(items)</ul></div>"
    }
}
