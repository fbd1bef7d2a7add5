import Foundation
import RampartCore

/// EventBridge's six-field cron (UTC): minutes, hours, day-of-month, month, day-of-week, year, with
/// `,` `-` `*` `/` everywhere but day-of-week's `/`; `?` in one of the day fields (exactly one);
/// `L` (last day of the month; alone in day-of-week, Saturday; `5L`, the month's last Thursday),
/// `LW` (the month's last weekday), `15W` (the weekday nearest the 15th, within the month) and `3#2`
/// (the month's second Tuesday). Days of the week are 1 (SUN) to 7 (SAT).
struct CronExpression: Equatable, Sendable {
    var minutes: [Int]
    var hours: [Int]
    var days: DayOfMonth
    var months: Set<Int>
    var weekdays: DayOfWeek
    var years: Set<Int>

    enum DayOfMonth: Equatable, Sendable {
        case any
        case days(Set<Int>)
        case last
        case lastWeekday
        case nearestWeekday(Int)
    }

    enum DayOfWeek: Equatable, Sendable {
        case any
        case days(Set<Int>)
        /// `5L`: the last such day of the month.
        case last(Int)
        /// `3#2`: the second such day of the month.
        case nth(Int, Int)
    }

    static let yearRange = 1970...2199
    static let monthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
    static let dayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]

    init?(_ text: String) {
        let fields = text.split(separator: " ", omittingEmptySubsequences: true).map { String($0).uppercased() }
        guard text.utf8.count <= 256, fields.count == 6,
            let minutes = Self.values(fields[0], 0...59), let hours = Self.values(fields[1], 0...23),
            let months = Self.values(fields[3], 1...12, names: Self.monthNames),
            let years = Self.values(fields[5], Self.yearRange)
        else { return nil }
        // One day field is `?`, the other is not.
        guard (fields[2] == "?") != (fields[4] == "?") else { return nil }
        guard let days = Self.dayOfMonth(fields[2]), let weekdays = Self.dayOfWeek(fields[4]) else { return nil }
        self.minutes = minutes.sorted()
        self.hours = hours.sorted()
        self.days = days
        self.months = months
        self.weekdays = weekdays
        self.years = years
    }

    static func dayOfMonth(_ field: String) -> DayOfMonth? {
        switch field {
        case "?": return .any
        case "L": return .last
        case "LW": return .lastWeekday
        default:
            if field.hasSuffix("W") {
                guard let day = Int(field.dropLast()), (1...31).contains(day) else { return nil }
                return .nearestWeekday(day)
            }
            return values(field, 1...31).map(DayOfMonth.days)
        }
    }

    static func dayOfWeek(_ field: String) -> DayOfWeek? {
        if field == "?" { return .any }
        if field == "L" { return .days([7]) }
        if field.hasSuffix("L") {
            guard let day = number(String(field.dropLast()), 1...7, names: dayNames) else { return nil }
            return .last(day)
        }
        if field.contains("#") {
            let parts = field.split(separator: "#", omittingEmptySubsequences: false)
            guard parts.count == 2, let day = number(String(parts[0]), 1...7, names: dayNames),
                let nth = Int(parts[1]), (1...5).contains(nth)
            else { return nil }
            return .nth(day, nth)
        }
        guard !field.contains("/") else { return nil }
        return values(field, 1...7, names: dayNames).map(DayOfWeek.days)
    }

    /// A list of `*`, `N`, `A-B`, each with an optional `/STEP` (`N/STEP` runs to the field's end).
    static func values(_ field: String, _ range: ClosedRange<Int>, names: [String] = []) -> Set<Int>? {
        var result = Set<Int>()
        for item in field.split(separator: ",", omittingEmptySubsequences: false) {
            let stepParts = item.split(separator: "/", omittingEmptySubsequences: false)
            guard stepParts.count <= 2 else { return nil }
            var step = 1
            if stepParts.count == 2 {
                guard stepParts[1].utf8.count <= 4, let given = Int(stepParts[1]), given >= 1 else { return nil }
                step = given
            }
            let base = stepParts[0]
            let low: Int
            let high: Int
            if base == "*" {
                (low, high) = (range.lowerBound, range.upperBound)
            } else if base.contains("-") {
                let bounds = base.split(separator: "-", omittingEmptySubsequences: false)
                guard bounds.count == 2, let from = number(String(bounds[0]), range, names: names),
                    let to = number(String(bounds[1]), range, names: names), from <= to
                else { return nil }
                (low, high) = (from, to)
            } else {
                guard let single = number(String(base), range, names: names) else { return nil }
                (low, high) = (single, stepParts.count == 2 ? range.upperBound : single)
            }
            result.formUnion(stride(from: low, through: high, by: step))
        }
        return result.isEmpty ? nil : result
    }

    static func number(_ text: String, _ range: ClosedRange<Int>, names: [String] = []) -> Int? {
        if let index = names.firstIndex(of: text) { return range.lowerBound + index }
        guard text.utf8.count <= 4, let value = Int(text), range.contains(value) else { return nil }
        return value
    }

    /// The first minute strictly after `date` that the expression names; nil if none before 2200.
    /// Walks day by day, skipping whole years and months that cannot match: at most a few
    /// thousand steps.
    func next(after date: Date) -> Date? {
        let start = Int((date.timeIntervalSince1970 / 60).rounded(.down)) + 1
        var day = start.floorDiv(1440)
        var fromMinute = start - day * 1440
        while true {
            let (year, month, dayOfMonth) = CivilDate.from(days: day)
            guard year <= Self.yearRange.upperBound else { return nil }
            if !years.contains(year) {
                day = CivilDate.days(year: year + 1, month: 1, day: 1)
                fromMinute = 0
                continue
            }
            if !months.contains(month) {
                day =
                    month == 12
                    ? CivilDate.days(year: year + 1, month: 1, day: 1)
                    : CivilDate.days(year: year, month: month + 1, day: 1)
                fromMinute = 0
                continue
            }
            if matches(year: year, month: month, day: dayOfMonth, weekday: CivilDate.weekday(days: day)) {
                for hour in hours where (hour + 1) * 60 > fromMinute {
                    for minute in minutes where hour * 60 + minute >= fromMinute {
                        return Date(timeIntervalSince1970: Double((day * 1440 + hour * 60 + minute) * 60))
                    }
                }
            }
            day += 1
            fromMinute = 0
        }
    }

    func matches(year: Int, month: Int, day: Int, weekday: Int) -> Bool {
        let length = CivilDate.length(year: year, month: month)
        switch days {
        case .any: break
        case .days(let set): if !set.contains(day) { return false }
        case .last: if day != length { return false }
        case .lastWeekday: if day != Self.weekdayNearest(length, year: year, month: month) { return false }
        case .nearestWeekday(let target):
            // A day past the month's end (31W in April) names no day.
            if target > length || day != Self.weekdayNearest(target, year: year, month: month) { return false }
        }
        switch weekdays {
        case .any: return true
        case .days(let set): return set.contains(weekday)
        case .last(let wanted): return weekday == wanted && day + 7 > length
        case .nth(let wanted, let nth): return weekday == wanted && (day - 1) / 7 + 1 == nth
        }
    }

    /// The weekday (Monday to Friday) nearest `target`, never leaving the month: a Saturday goes
    /// back to Friday (forward to Monday on the 1st), a Sunday forward to Monday (back to Friday
    /// on the month's last day).
    static func weekdayNearest(_ target: Int, year: Int, month: Int) -> Int {
        let weekday = CivilDate.weekday(days: CivilDate.days(year: year, month: month, day: target))
        let length = CivilDate.length(year: year, month: month)
        switch weekday {
        case 7: return target == 1 ? 3 : target - 1
        case 1: return target == length ? target - 2 : target + 1
        default: return target
        }
    }
}

extension Int {
    fileprivate func floorDiv(_ divisor: Int) -> Int {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
