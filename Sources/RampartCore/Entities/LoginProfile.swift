import Foundation

/// A user's console password. At most one per user.
public struct LoginProfile: Codable, Sendable, Equatable {
    public var password: PasswordHash
    public var createDate: Date
    public var passwordLastChanged: Date
    public var passwordResetRequired: Bool
    /// Earlier hashes, newest first, kept only as long as the reuse-prevention setting needs.
    public var previousPasswords: [PasswordHash]

    public init(password: PasswordHash, createDate: Date, passwordResetRequired: Bool) {
        self.password = password
        self.createDate = createDate
        self.passwordLastChanged = createDate
        self.passwordResetRequired = passwordResetRequired
        self.previousPasswords = []
    }
}
