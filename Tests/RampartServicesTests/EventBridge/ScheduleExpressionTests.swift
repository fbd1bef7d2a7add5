import Foundation
import Testing

@testable import RampartCore
@testable import RampartServices

/// Scheduled rules' expressions: what parses, and when each is next due (UTC), at month ends, leap
/// years, `L`, `W`, `#`, ranges, lists and increments; and which rules fire when.
struct ScheduleExpressionTests {
    static func date(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text)!
    }

    func next(_ expression: String, after: String) -> String? {
        guard case .cron(let cron)? = ScheduleExpression(expression) else {
            Issue.record("\(expression) does not parse")
            return nil
        }
        return cron.next(after: Self.date(after)).map { ISO8601DateFormatter().string(from: $0) }
    }

    @Test(arguments: [
        "rate(1 minute)", "rate(5 minutes)", "rate(1 hour)", "rate(12 hours)", "rate(1 day)", "rate(7 days)",
        "cron(0 12 * * ? *)", "cron(0/15 * * * ? *)", "cron(0 18 ? * MON-FRI *)", "cron(0 8 1 * ? *)",
        "cron(0 0 L * ? *)", "cron(0 0 LW * ? *)", "cron(0 0 15W * ? *)", "cron(0 9 ? * 3#2 *)", "cron(0 0 ? * 6L *)",
        "cron(0 0 ? * L *)", "cron(5,35 14 * JAN,MAR-MAY ? 2026-2030)", "cron(*/10 * ? * SUN *)", "cron(0 0 1/5 * ? *)",
    ])
    func valid(_ text: String) {
        #expect(ScheduleExpression(text) != nil)
    }

    @Test(arguments: [
        "rate(1 minutes)", "rate(2 minute)", "rate(0 minutes)", "rate(-1 minutes)", "rate(5 seconds)", "rate(5)",
        "rate(x minutes)", "cron(0 12 * * * *)", "cron(0 12 ? * ? *)", "cron(0 12 * * ?)",
        "cron(60 * * * ? *)", "cron(0 24 * * ? *)", "cron(0 0 32 * ? *)", "cron(0 0 0 * ? *)", "cron(0 0 * 13 ? *)",
        "cron(0 0 ? * 8 *)", "cron(0 0 * * ? 1969)", "cron(0 0 * * ? 2200)", "cron(0 0 ? * 3#1,6#3 *)",
        "cron(0 0 ? * 3#6 *)", "cron(1/0 * * * ? *)", "cron(5-3 * * * ? *)", "cron(*/x * * * ? *)",
        "cron(0 0 ? * 1/2 *)", "cron(0 0 32W * ? *)", "cron(0 0 ? * FOO *)", "cron(0 0 1,L * ? *)", "every minute",
    ])
    func invalid(_ text: String) {
        #expect(ScheduleExpression(text) == nil)
    }

    @Test func cronNextTimes() {
        #expect(next("cron(0 12 * * ? *)", after: "2026-12-06T12:00:00Z") == "2026-12-07T12:00:00Z")
        #expect(next("cron(0 12 * * ? *)", after: "2026-12-06T11:59:59Z") == "2026-12-06T12:00:00Z")
        #expect(next("cron(0/15 * * * ? *)", after: "2026-12-06T10:07:00Z") == "2026-12-06T10:15:00Z")
        #expect(next("cron(1/10 * * * ? *)", after: "2026-12-06T10:51:00Z") == "2026-12-06T11:01:00Z")
        #expect(next("cron(0 0 1 JAN ? *)", after: "2026-12-31T23:59:00Z") == "2027-01-01T00:00:00Z")
        #expect(next("cron(0 18 ? * MON-FRI *)", after: "2026-12-04T18:00:00Z") == "2026-12-07T18:00:00Z")
        #expect(next("cron(5,35 14 * JAN,MAR-MAY ? *)", after: "2027-01-31T14:35:00Z") == "2027-03-01T14:05:00Z")
        #expect(next("cron(0 0 1 1 ? 2030)", after: "2026-06-01T00:00:00Z") == "2030-01-01T00:00:00Z")
        #expect(next("cron(0 0 1 1 ? 2020)", after: "2026-06-01T00:00:00Z") == nil)
        #expect(next("cron(0 0 31 * ? *)", after: "2026-04-01T00:00:00Z") == "2026-05-31T00:00:00Z")
    }

    @Test func lastDaysAndLeapYears() {
        #expect(next("cron(0 0 L * ? *)", after: "2028-02-01T00:00:00Z") == "2028-02-29T00:00:00Z")
        #expect(next("cron(0 0 L * ? *)", after: "2027-02-01T00:00:00Z") == "2027-02-28T00:00:00Z")
        #expect(next("cron(0 0 L * ? *)", after: "2100-02-01T00:00:00Z") == "2100-02-28T00:00:00Z")
        #expect(next("cron(0 0 L * ? *)", after: "2000-02-01T00:00:00Z") == "2000-02-29T00:00:00Z")
        #expect(next("cron(0 0 29 2 ? *)", after: "2026-03-01T00:00:00Z") == "2028-02-29T00:00:00Z")
        // Never: February has no 30th. Answered without a long search.
        #expect(next("cron(0 0 30 2 ? *)", after: "2026-03-01T00:00:00Z") == nil)
        #expect(next("cron(0 0 ? * L *)", after: "2026-12-06T00:00:00Z") == "2026-12-12T00:00:00Z")
        #expect(next("cron(0 0 ? * 6L *)", after: "2027-01-01T00:00:00Z") == "2027-01-29T00:00:00Z")
    }

    @Test func nearestWeekdays() {
        // May 31 2026 is a Sunday: the last weekday is Friday the 29th.
        #expect(next("cron(0 0 LW * ? *)", after: "2026-05-01T00:00:00Z") == "2026-05-29T00:00:00Z")
        // August 1 2026 is a Saturday: 1W is Monday the 3rd, never July 31.
        #expect(next("cron(0 0 1W * ? *)", after: "2026-07-31T00:00:00Z") == "2026-08-03T00:00:00Z")
        // November 15 2026 is a Sunday: Monday the 16th; a Saturday goes back to Friday.
        #expect(next("cron(0 0 15W * ? *)", after: "2026-11-01T00:00:00Z") == "2026-11-16T00:00:00Z")
        #expect(next("cron(0 0 1W * ? *)", after: "2026-10-31T00:00:00Z") == "2026-11-02T00:00:00Z")
        // April 30 2028 is a Sunday and the month's last day: Friday the 28th.
        #expect(next("cron(0 0 30W 4 ? *)", after: "2028-01-01T00:00:00Z") == "2028-04-28T00:00:00Z")
        // 31W names no day in a 30-day month.
        #expect(next("cron(0 0 31W 4,5 ? *)", after: "2026-04-01T00:00:00Z") == "2026-05-29T00:00:00Z")
    }

    @Test func nthWeekdays() {
        #expect(next("cron(0 9 ? * 3#2 *)", after: "2027-01-01T00:00:00Z") == "2027-01-12T09:00:00Z")
        // The fifth Monday: January and February 2027 have four, March five.
        #expect(next("cron(0 9 ? * MON#5 *)", after: "2027-01-01T00:00:00Z") == "2027-03-29T09:00:00Z")
    }

    @Test func ratesCountFromTheAnchor() {
        let anchor = Self.date("2026-12-06T10:00:30Z")
        let rate = ScheduleExpression("rate(5 minutes)")!
        #expect(
            rate.next(after: Self.date("2026-12-06T10:07:00Z"), anchor: anchor) == Self.date("2026-12-06T10:10:30Z"))
        #expect(
            rate.next(after: Self.date("2026-12-06T10:05:30Z"), anchor: anchor) == Self.date("2026-12-06T10:10:30Z"))
        #expect(rate.next(after: anchor, anchor: anchor) == Self.date("2026-12-06T10:05:30Z"))
    }

    @Test func trackerFiresDueEnabledRulesOnce() {
        let start = Self.date("2026-12-06T10:00:00Z")
        var tracker = ScheduleTracker(startedAt: start)
        var rule = EventRule(
            account: AccountID("123456789012")!, name: "every-minute", createdAt: start.addingTimeInterval(5))
        rule.scheduleExpression = "rate(1 minute)"
        var off = EventRule(account: AccountID("123456789012")!, name: "off", createdAt: start)
        off.scheduleExpression = "rate(1 minute)"
        off.state = EventRule.disabled
        #expect(tracker.fire([rule, off], now: start.addingTimeInterval(10)).isEmpty)
        let fired = tracker.fire([rule, off], now: start.addingTimeInterval(66))
        #expect(fired.map(\.rule.name) == ["every-minute"] && fired.first?.at == start.addingTimeInterval(65))
        #expect(tracker.fire([rule, off], now: start.addingTimeInterval(100)).isEmpty)
        // The clock jumps ten minutes: one firing, not ten.
        #expect(tracker.fire([rule, off], now: start.addingTimeInterval(700)).count == 1)
        // Enabled later: counted from then, nothing owed for the time it was off.
        off.state = EventRule.enabled
        #expect(tracker.fire([rule, off], now: start.addingTimeInterval(701)).isEmpty)
        #expect(
            tracker.fire([rule, off], now: start.addingTimeInterval(762)).map(\.rule.name) == ["every-minute", "off"])
    }
}
