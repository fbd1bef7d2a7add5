import Foundation

/// Where a principal that must have MFA and has none stands: when it was first asked to set one up (the
/// grace period runs from there), and how often it skipped. Also what the context-aware prompt knows: the
/// browsers (device-cookie hashes) that proved a second factor, each with the network it last did so from.
public struct MFAEnrollment: Codable, Sendable, Equatable {
    public var account: AccountID
    /// Nil for the root user.
    public var userName: String?
    public var firstPromptedAt: Date?
    public var skips: Int
    /// Device-cookie hash → network ("203.0.113.0/24", "2001:db8::/64").
    public var knownContexts: [String: String]

    public init(account: AccountID, userName: String?) {
        self.account = account
        self.userName = userName
        self.skips = 0
        self.knownContexts = [:]
    }
}
