import Foundation

/// Failed MFA codes of one principal (an IAM user, or root when `userName` is nil), kept apart
/// from password failures. After `Limits.mfaFailuresBeforeLockout` failures within
/// `Limits.mfaFailureWindow` further codes are refused for a cooling-off period that doubles
/// with each lockout in a row; a success or an administrator clears it.
public struct MFAThrottle: Codable, Sendable, Equatable {
    public var account: AccountID
    public var userName: String?
    /// Set for the counter of one trusted browser of the principal (its unique id and device-cookie hash):
    /// console codes from a browser that once signed the principal in are counted there, so that a guesser
    /// elsewhere cannot lock the owner out of it.
    public var browser: String?
    /// Failures inside the current window, oldest first.
    public var failures: [Date]
    public var lockedUntil: Date?
    /// Lockouts since the last success; the next cooling-off period grows with it.
    public var lockouts: Int
    /// Failures of the last 24 hours, toward the daily limit.
    public var dayFailures: [Date]?

    public init(account: AccountID, userName: String?, browser: String? = nil) {
        self.account = account
        self.userName = userName
        self.browser = browser
        self.failures = []
        self.lockouts = 0
    }

    /// Whether codes are refused at `now`, and until when.
    public func lockedOut(at now: Date) -> Date? {
        state.lockedOut(at: now)
    }

    /// Records a failed code at `now`, locking the principal out when the window is full.
    public mutating func recordFailure(at now: Date) {
        var state = state
        LockoutRule.mfaCodes.recordFailure(&state, at: now)
        self.state = state
    }

    private var state: FailureState {
        get {
            var state = FailureState()
            state.failures = failures
            state.lockedUntil = lockedUntil
            state.lockouts = lockouts
            state.dayFailures = dayFailures
            return state
        }
        set {
            failures = newValue.failures
            lockedUntil = newValue.lockedUntil
            lockouts = newValue.lockouts
            dayFailures = newValue.dayFailures
        }
    }
}
