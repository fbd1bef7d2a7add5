import Foundation

/// How repeated failures lock something out: after `failuresBeforeLockout` failures within `window`, further
/// attempts are refused for a cooling-off period that starts at `base` and doubles with each lockout in a
/// row, up to `maximum`. MFA codes, console passwords and the addresses they come from each keep their own
/// counter under their own rule.
public struct LockoutRule: Sendable, Equatable {
    public var failuresBeforeLockout: Int
    public var window: TimeInterval
    public var base: TimeInterval
    public var maximum: TimeInterval

    public init(failuresBeforeLockout: Int, window: TimeInterval, base: TimeInterval, maximum: TimeInterval) {
        self.failuresBeforeLockout = failuresBeforeLockout
        self.window = window
        self.base = base
        self.maximum = maximum
    }

    public static let mfaCodes = LockoutRule(
        failuresBeforeLockout: Limits.mfaFailuresBeforeLockout, window: Limits.mfaFailureWindow,
        base: Limits.mfaLockoutBase, maximum: Limits.mfaLockoutMaximum)
    /// Console passwords of one principal: the same shape as MFA codes, counted apart.
    public static let passwords = LockoutRule(failuresBeforeLockout: 5, window: 15 * 60, base: 60, maximum: 60 * 60)
    /// Every failed sign-in step from one address, whichever principal it names: wider, because one address
    /// may hold many honest users, but it stops one client from walking through many accounts.
    public static let addresses = LockoutRule(failuresBeforeLockout: 20, window: 15 * 60, base: 60, maximum: 60 * 60)

    /// The state after a failure at `now`: the window's failures, and a lockout when it is full.
    public func recordFailure(_ state: inout FailureState, at now: Date) {
        state.failures = state.failures.filter { now.timeIntervalSince($0) < window } + [now]
        if state.failures.count >= failuresBeforeLockout {
            let seconds = base * pow(2, Double(min(state.lockouts, 16)))
            state.lockedUntil = now.addingTimeInterval(min(seconds, maximum))
            state.lockouts += 1
            state.failures = []
        }
    }
}

/// Recent failures of one counter and whether it is locked out.
public struct FailureState: Codable, Sendable, Equatable {
    /// Failures inside the current window, oldest first.
    public var failures: [Date] = []
    public var lockedUntil: Date?
    /// Lockouts since the last success; the next cooling-off period grows with it.
    public var lockouts = 0

    public init() {}

    /// Until when attempts are refused at `now`; nil when they are not.
    public func lockedOut(at now: Date) -> Date? {
        guard let lockedUntil, lockedUntil > now else { return nil }
        return lockedUntil
    }

    public var isClear: Bool { failures.isEmpty && lockedUntil == nil && lockouts == 0 }
}
