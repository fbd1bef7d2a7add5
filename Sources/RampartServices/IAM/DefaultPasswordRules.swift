/// The rules IAM applies when an account has no password policy of its own, and to the root user's
/// password always: at least eight characters and three of the four character classes. The same values
/// check a password and describe the rules to a person, so the two cannot drift apart.
public enum DefaultPasswordRules {
    public static let minimumLength = 8
    static let classesRequired = 3

    /// The rules in words, for the pages where such a password is set.
    public static let descriptions = [
        "At least \(minimumLength) characters",
        "At least \(classesRequired) of: uppercase letters, lowercase letters, numbers, symbols",
    ]

    static func violations(of password: String) -> [String] {
        var reasons = [String]()
        if password.count < minimumLength {
            reasons.append("Password should have at least \(minimumLength) characters")
        }
        let classes = [
            password.contains { $0.isASCII && $0.isUppercase },
            password.contains { $0.isASCII && $0.isLowercase },
            password.contains { $0.isASCII && $0.isNumber },
            password.contains { !($0.isASCII && ($0.isLetter || $0.isNumber)) },
        ].filter { $0 }.count
        if classes < classesRequired {
            reasons.append(
                "Password should contain at least three of: uppercase letters, lowercase letters, numbers, symbols")
        }
        return reasons
    }
}
