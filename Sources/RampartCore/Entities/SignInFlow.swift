import Foundation

/// A console sign-in between its password and the session it ends in: the principal whose password was
/// right, what it must still do, and until when it may. The flow's id travels in a cookie; a flow that
/// expired or finished is gone, so its cookie is worth nothing.
public struct SignInFlow: Codable, Sendable, Equatable {
    public enum Stage: String, Codable, Sendable {
        /// The password must be changed first (PasswordResetRequired, or expired under the password policy).
        case changePassword
        /// A second factor must be proved.
        case secondFactor
        /// The principal must have MFA and has no device: set one up, or skip while the grace period lasts.
        case enroll
    }

    /// The SHA-256 of the cookie's value, hex: the store never holds a usable flow id.
    public var idHash: String
    public var account: AccountID
    /// Nil for the root user.
    public var userName: String?
    /// The unique id of the user whose password was right: the flow goes on only for that user, never
    /// for one created under its name meanwhile. Nil for root.
    public var userId: String?
    public var stage: Stage
    /// When the principal proved a second factor in this flow: a root user whose mandate wants a kind of
    /// device it lacks (a security key, when it has an authenticator app) proves the one it has before it
    /// is asked to set up the other, and the session that follows the enrollment, or its skip, carries
    /// that proof. Nil when no factor was proved.
    public var mfaAuthenticatedAt: Date?
    public var createdAt: Date
    public var expiresAt: Date

    public init(
        idHash: String, account: AccountID, userName: String?, stage: Stage, createdAt: Date, expiresAt: Date
    ) {
        self.idHash = idHash
        self.account = account
        self.userName = userName
        self.stage = stage
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}
