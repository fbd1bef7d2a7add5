import Foundation

extension ConsoleSession {
    /// A role session opened from the console by switching roles. It holds no credential of its own: the
    /// console session's record is the credential, and each use checks that the role is still the one that
    /// was assumed (by its unique id) and that neither session has ended.
    public struct SwitchedRole: Codable, Sendable, Equatable {
        /// The account that owns the role: a member account, or the signed-in principal's own.
        public var account: AccountID
        public var roleName: String
        /// The role's unique id (`AROA…`). A role created later under the same name is another principal,
        /// and a role deleted since ends the session.
        public var roleId: String
        /// The role's path, for the session's ARNs.
        public var path: String
        /// The role session's name: the signed-in user's name, as AWS's console names it.
        public var roleSessionName: String
        public var issuedAt: Date
        /// The role session's end: at most an hour after `issuedAt` (AWS's limit for a role switched into
        /// from the console, and for role chaining), and never after the console session's own end.
        public var expiresAt: Date
        /// When the sign-in proved a second factor, handed on to the role session as AssumeRole hands on
        /// its caller's: `aws:MultiFactorAuthPresent` and `aws:MultiFactorAuthAge` keep counting from there.
        public var mfaAuthenticatedAt: Date?

        public init(
            account: AccountID, roleName: String, roleId: String, path: String, roleSessionName: String,
            issuedAt: Date, expiresAt: Date, mfaAuthenticatedAt: Date?
        ) {
            self.account = account
            self.roleName = roleName
            self.roleId = roleId
            self.path = path
            self.roleSessionName = roleSessionName
            self.issuedAt = issuedAt
            self.expiresAt = expiresAt
            self.mfaAuthenticatedAt = mfaAuthenticatedAt
        }

        public func roleArn(in partition: Partition) -> String {
            ARN.iam(partition, account: account.rawValue, "role\(path)\(roleName)")
        }

        /// "RoleName @ 123456789012", as the console's header names it.
        public var displayName: String { "\(roleName) @ \(account.rawValue)" }
    }
}
