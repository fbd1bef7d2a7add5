import Foundation
import RampartCore
import Testing

/// The guessing bound the MFA lockout promises: a guesser who tries a code whenever the counter lets it
/// (from as many addresses as it likes: the counter is the principal's) succeeds with probability under
/// 1 in 10⁴ per day against a 6-digit code accepted within ±1 time step.
struct LockoutRuleTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// Guesses the rule lets through between `from` and `until`, trying once a second whenever not locked.
    func guessesAllowed(_ rule: LockoutRule, from: Date, until: Date, state: inout FailureState) -> Int {
        var guesses = 0
        var now = from
        while now < until {
            if let lockedUntil = state.lockedOut(at: now) {
                now = max(lockedUntil, now.addingTimeInterval(1))
                continue
            }
            rule.recordFailure(&state, at: now)
            guesses += 1
            now = now.addingTimeInterval(1)
        }
        return guesses
    }

    @Test func mfaCodesStayUnderOneInTenThousandPerDay() {
        var state = FailureState()
        let validCodesPerGuess = Double(2 * Limits.totpWindow + 1)
        for day in 0..<7 {
            let from = start.addingTimeInterval(Double(day) * 86_400)
            let guesses = guessesAllowed(
                .mfaCodes, from: from, until: from.addingTimeInterval(86_400), state: &state)
            #expect(guesses <= Limits.mfaFailuresPerDay, "day \(day): \(guesses) guesses")
            #expect(Double(guesses) * validCodesPerGuess / 1_000_000 < 1e-4)
        }
    }

    @Test func withoutADailyLimitTheDoublingAloneAllowsMoreThanTheBound() {
        // What the daily limit is for: five guesses an hour once the lockout reaches its maximum.
        var rule = LockoutRule.mfaCodes
        rule.dailyLimit = nil
        var state = FailureState()
        let guesses = guessesAllowed(rule, from: start, until: start.addingTimeInterval(86_400), state: &state)
        #expect(Double(guesses) * 3 / 1_000_000 > 1e-4)
    }

    @Test func theDayRecordStaysSmall() {
        var state = FailureState()
        for second in 0..<10_000 {
            LockoutRule.mfaCodes.recordFailure(&state, at: start.addingTimeInterval(Double(second)))
        }
        #expect((state.dayFailures ?? []).count <= Limits.mfaFailuresPerDay)
    }

    @Test func theDailyLockLiftsWhenTheOldestFailureIsADayOld() {
        var state = FailureState()
        _ = guessesAllowed(.mfaCodes, from: start, until: start.addingTimeInterval(86_400), state: &state)
        let oldest = try! #require(state.dayFailures?.first)
        #expect(state.lockedOut(at: oldest.addingTimeInterval(86_399)) != nil || state.dayFailures!.count < 30)
        #expect(state.lockedOut(at: oldest.addingTimeInterval(86_400 + 3_600)) == nil)
    }
}
