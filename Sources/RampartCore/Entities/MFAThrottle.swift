import Foundation

/// Failed MFA codes of one principal (an IAM user, or root when `userName` is nil), kept apart
/// from password failures. After `Limits.mfaFailuresBeforeLockout` failures within
/// `Limits.mfaFailureWindow` further codes are refused for a cooling-off period that doubles
/// with each lockout in a row; a success or an administrator clears it.
public struct MFAThrottle: Codable, Sendable, Equatable {
    public var account: AccountID
    public var userName: String?
    /// Failures inside the current window, oldest first.
    public var failures: [Date]
    public var lockedUntil: Date?
    /// Lockouts since the last success; the next cooling-off period grows with it.
    public var lockouts: Int

    public init(account: AccountID, userName: String?) {
        self.account = account
        self.userName = userName
        self.failures = []
        self.lockouts = 0
    }

    /// Whether codes are refused at `now`, and until when.
    public func lockedOut(at now: Date) -> Date? {
        guard let lockedUntil, lockedUntil > now else { return nil }
        return lockedUntil
    }

    /// Records a failed code at `now`, locking the principal out when the window is full.
    public mutating func recordFailure(at now: Date) {
        failures = failures.filter { now.timeIntervalSince($0) < Limits.mfaFailureWindow } + [now]
        if failures.count >= Limits.mfaFailuresBeforeLockout {
            let seconds = Limits.mfaLockoutBase * pow(2, Double(min(lockouts, 16)))
            lockedUntil = now.addingTimeInterval(min(seconds, Limits.mfaLockoutMaximum))
            lockouts += 1
            failures = []
        }
    }
}
