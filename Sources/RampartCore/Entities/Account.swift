import Foundation

/// One AWS-style account: its root user and the settings that belong to the account as a whole.
public struct Account: Codable, Sendable, Equatable {
    public var id: AccountID
    public var createDate: Date
    public var rootEmail: String
    /// The root user's password; nil once deleted (as with centralized root access).
    public var rootPassword: PasswordHash?
    /// Nil means the default policy applies (IAM returns NoSuchEntity for it).
    public var passwordPolicy: PasswordPolicy?
    /// Nil until changed: `MFASettings()` (AWS's defaults) apply.
    public var mfaSettings: MFASettings?

    public init(id: AccountID, createDate: Date, rootEmail: String, rootPassword: PasswordHash?) {
        self.id = id
        self.createDate = createDate
        self.rootEmail = rootEmail
        self.rootPassword = rootPassword
        self.passwordPolicy = nil
    }

    public var rootArn: String { "arn:aws:iam::\(id.rawValue):root" }
}
