import Foundation

/// A signed-in console session: a temporary credential of its principal that carries the MFA facts of its
/// sign-in, so that what the console does on the principal's behalf is authorized like an API call with
/// session credentials (aws:MultiFactorAuthPresent true or false, aws:MultiFactorAuthAge). The cookie holds
/// a random id; the store keeps only its hash, and signing out deletes the record.
public struct ConsoleSession: Codable, Sendable, Equatable {
    public var idHash: String
    public var account: AccountID
    /// Nil for the root user.
    public var userName: String?
    /// The user's unique id (`AIDA…`). The session belongs to that user: a user created later under
    /// the same name is another principal. Root sessions have none; they belong to `account`. A
    /// user's session without one (stored before ids were recorded) is refused.
    public var userId: String?
    public var createdAt: Date
    public var expiresAt: Date
    /// When a second factor was proved for this session; nil when none was.
    public var mfaAuthenticatedAt: Date?
    public var sourceIp: String
    /// A session opened only to set up the MFA device its principal must have: until one exists, the
    /// console offers nothing else.
    public var mustEnroll: Bool?
    /// The role the principal switched into ("Switch role"), if any: while it lasts the console acts as
    /// that role session; switching back clears it. Nil when the console acts as the signed-in principal.
    public var switchedRole: SwitchedRole?

    public init(
        idHash: String, account: AccountID, userName: String?, createdAt: Date, expiresAt: Date,
        mfaAuthenticatedAt: Date?, sourceIp: String
    ) {
        self.idHash = idHash
        self.account = account
        self.userName = userName
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.mfaAuthenticatedAt = mfaAuthenticatedAt
        self.sourceIp = sourceIp
    }
}
