/// The account password policy. `UpdateAccountPasswordPolicy` replaces it whole: every
/// omitted field returns to the default below, never to its previous value.
public struct PasswordPolicy: Codable, Sendable, Equatable {
    public var minimumPasswordLength = 6
    public var requireSymbols = false
    public var requireNumbers = false
    public var requireUppercaseCharacters = false
    public var requireLowercaseCharacters = false
    public var allowUsersToChangePassword = false
    /// Days; 0 means passwords never expire.
    public var maxPasswordAge = 0
    /// How many previous passwords may not be reused; 0 means no check.
    public var passwordReusePrevention = 0
    public var hardExpiry = false

    public init() {}

    public var expirePasswords: Bool { maxPasswordAge > 0 }

    /// The symbols IAM counts for `RequireSymbols`.
    public static let symbols = Set("!@#$%^&*()_+-=[]{}|'")

    /// The reasons a password fails this policy, empty when it passes.
    public func violations(of password: String) -> [String] {
        var reasons = [String]()
        if password.count < minimumPasswordLength {
            reasons.append("Password should have at least \(minimumPasswordLength) characters")
        }
        if requireSymbols && !password.contains(where: { Self.symbols.contains($0) }) {
            reasons.append("Password should have at least one symbol")
        }
        if requireNumbers && !password.contains(where: { $0.isASCII && $0.isNumber }) {
            reasons.append("Password should have at least one number")
        }
        if requireUppercaseCharacters && !password.contains(where: { $0.isASCII && $0.isUppercase }) {
            reasons.append("Password should have at least one uppercase letter")
        }
        if requireLowercaseCharacters && !password.contains(where: { $0.isASCII && $0.isLowercase }) {
            reasons.append("Password should have at least one lowercase letter")
        }
        return reasons
    }
}
