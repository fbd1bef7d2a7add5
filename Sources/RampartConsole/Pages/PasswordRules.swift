import RampartCore
import RampartServices

/// The account password policy's rules in words, shown beside every field where a password is set, so
/// that a person meets them before the server refuses the password. No policy: the rules IAM checks then
/// (`DefaultPasswordRules`).
enum PasswordRules {
    static func render(_ policy: PasswordPolicy?) -> String {
        guard let policy else { return list(DefaultPasswordRules.descriptions) }
        var rules = ["At least \(policy.minimumPasswordLength) characters"]
        if policy.requireUppercaseCharacters { rules.append("an uppercase letter (A–Z)") }
        if policy.requireLowercaseCharacters { rules.append("a lowercase letter (a–z)") }
        if policy.requireNumbers { rules.append("a number (0–9)") }
        if policy.requireSymbols {
            rules.append("a symbol (\(String(PasswordPolicy.symbols.sorted())))")
        }
        if policy.passwordReusePrevention > 0 {
            rules.append(
                policy.passwordReusePrevention == 1
                    ? "not your previous password"
                    : "none of your last \(policy.passwordReusePrevention) passwords")
        }
        return list(rules.enumerated().map { $0 == 0 ? $1 : $1.prefix(1).uppercased() + $1.dropFirst() })
    }

    /// Rules already in words (the root user's, `RootCredentials.passwordRules`), under the field that
    /// names `id` in its `aria-describedby`.
    static func list(_ rules: [String], id: String = "password-rules") -> String {
        let items = rules.map { "<li>\(HTML.escape($0))</li>" }.joined()
        return "<div id=\"\(id)\"><p>The new password needs:</p><ul>\(items)</ul></div>"
    }
}
