import Foundation
import RampartCore
import Testing

struct MFAThrottleTests {
    let account = AccountID("123456789012")!
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    func failing(_ count: Int, from: Date, every seconds: TimeInterval = 1, into throttle: inout MFAThrottle) {
        for index in 0..<count { throttle.recordFailure(at: from.addingTimeInterval(Double(index) * seconds)) }
    }

    @Test func fourFailuresDoNotLock() {
        var throttle = MFAThrottle(account: account, userName: "alice")
        failing(4, from: start, into: &throttle)
        #expect(throttle.lockedOut(at: start.addingTimeInterval(5)) == nil)
    }

    @Test func theFifthFailureLocksForAMinute() {
        var throttle = MFAThrottle(account: account, userName: "alice")
        failing(5, from: start, into: &throttle)
        let fifth = start.addingTimeInterval(4)
        #expect(throttle.lockedOut(at: fifth) == fifth.addingTimeInterval(60))
        #expect(throttle.lockedOut(at: fifth.addingTimeInterval(59.9)) != nil)
        #expect(throttle.lockedOut(at: fifth.addingTimeInterval(60)) == nil)
    }

    @Test func failuresOlderThanTheWindowDoNotCount() {
        var throttle = MFAThrottle(account: account, userName: nil)
        failing(4, from: start, into: &throttle)
        throttle.recordFailure(at: start.addingTimeInterval(15 * 60 + 10))
        #expect(throttle.lockedOut(at: start.addingTimeInterval(15 * 60 + 11)) == nil)
    }

    @Test func eachLockoutInARowDoublesUntilTheDailyLimit() {
        var throttle = MFAThrottle(account: account, userName: "alice")
        var now = start
        var periods = [TimeInterval]()
        for _ in 0..<6 {
            failing(5, from: now, every: 0, into: &throttle)
            let until = throttle.lockedOut(at: now)!
            periods.append(until.timeIntervalSince(now))
            now = until
        }
        // The 30th failure of the day (Limits.mfaFailuresPerDay) locks until the first is a day old.
        #expect(periods == [60, 120, 240, 480, 960, 86_400 - 1_860])
    }

    @Test func withoutTheDailyLimitTheDoublingStopsAtAnHour() {
        var rule = LockoutRule.mfaCodes
        rule.dailyLimit = nil
        var state = FailureState()
        var now = start
        var periods = [TimeInterval]()
        for _ in 0..<8 {
            for _ in 0..<5 { rule.recordFailure(&state, at: now) }
            let until = state.lockedOut(at: now)!
            periods.append(until.timeIntervalSince(now))
            now = until
        }
        #expect(periods == [60, 120, 240, 480, 960, 1920, 3600, 3600])
    }
}
