import Foundation

/// A browser (its device cookie, stored as a hash) that completed a console sign-in of one principal. A
/// trusted browser's password and code failures are counted on a counter of its own, so that strangers
/// guessing at a principal from elsewhere cannot lock its owner out of the browser the owner always uses.
/// Bound to the principal's unique id: a new principal of the same name trusts nothing.
public struct TrustedBrowser: Codable, Sendable, Equatable {
    public var deviceHash: String
    public var account: AccountID
    /// The user's unique id (`AIDA…`), or the account id for the root user.
    public var principalId: String
    public var firstSignIn: Date
    public var lastSignIn: Date

    public init(deviceHash: String, account: AccountID, principalId: String, at now: Date) {
        self.deviceHash = deviceHash
        self.account = account
        self.principalId = principalId
        self.firstSignIn = now
        self.lastSignIn = now
    }
}
