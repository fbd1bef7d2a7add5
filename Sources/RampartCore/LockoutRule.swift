import Foundation

/// How repeated failures lock something out: after `failuresBeforeLockout` failures within `window`, further
/// attempts are refused for a cooling-off period that starts at `base` and doubles with each lockout in a
/// row, up to `maximum`. A rule may also cap the failures of any 24 hours (`dailyLimit`): the doubling alone
/// still lets through five guesses an hour once it reaches its maximum. MFA codes, console passwords and the
/// addresses they come from each keep their own counter under their own rule.
public struct LockoutRule: Sendable, Equatable {
    public var failuresBeforeLockout: Int
    public var window: TimeInterval
    public var base: TimeInterval
    public var maximum: TimeInterval
    /// At most this many failures in any 24 hours; the next attempt waits until the oldest is a day old.
    public var dailyLimit: Int?

    public init(
        failuresBeforeLockout: Int, window: TimeInterval, base: TimeInterval, maximum: TimeInterval,
        dailyLimit: Int? = nil
    ) {
        self.failuresBeforeLockout = failuresBeforeLockout
        self.window = window
        self.base = base
        self.maximum = maximum
        self.dailyLimit = dailyLimit
    }

    /// A 6-digit code accepted within ±1 time step has 3 chances in 10⁶ per guess; 30 guesses a day keep
    /// a guesser's odds of success under 1 in 10⁴ per day, however many addresses it guesses from.
    public static let mfaCodes = LockoutRule(
        failuresBeforeLockout: Limits.mfaFailuresBeforeLockout, window: Limits.mfaFailureWindow,
        base: Limits.mfaLockoutBase, maximum: Limits.mfaLockoutMaximum, dailyLimit: Limits.mfaFailuresPerDay)
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
        guard let dailyLimit else { return }
        // Kept to at most `dailyLimit` dates, so the record stays small however long the guessing goes on.
        var day = (state.dayFailures ?? []).filter { now.timeIntervalSince($0) < 86_400 }
        day.append(now)
        if day.count > dailyLimit { day.removeFirst(day.count - dailyLimit) }
        state.dayFailures = day
        if day.count >= dailyLimit, let oldest = day.first {
            let until = oldest.addingTimeInterval(86_400)
            if until > (state.lockedUntil ?? .distantPast) { state.lockedUntil = until }
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
    /// Failures of the last 24 hours, for a rule with a daily limit (nil in records written before there
    /// was one).
    public var dayFailures: [Date]?

    public init() {}

    /// Until when attempts are refused at `now`; nil when they are not.
    public func lockedOut(at now: Date) -> Date? {
        guard let lockedUntil, lockedUntil > now else { return nil }
        return lockedUntil
    }

    public var isClear: Bool { failures.isEmpty && lockedUntil == nil && lockouts == 0 && (dayFailures ?? []).isEmpty }
}
