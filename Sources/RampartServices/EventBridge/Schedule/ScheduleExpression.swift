import Foundation

/// A scheduled rule's `ScheduleExpression`: `rate(5 minutes)` (every N minutes, hours or days,
/// counted from when the rule was created, as on AWS) or `cron(…)` (six fields, UTC, see
/// `CronExpression`).
enum ScheduleExpression: Equatable, Sendable {
    case rate(seconds: Int)
    case cron(CronExpression)

    init?(_ text: String) {
        if text.hasPrefix("rate("), text.hasSuffix(")") {
            let parts = text.dropFirst(5).dropLast().split(separator: " ")
            guard parts.count == 2, parts[0].utf8.count <= 9, let value = Int(parts[0]), value > 0 else { return nil }
            let units = ["minute": 60, "hour": 3600, "day": 86_400]
            let unit = String(parts[1])
            // `1 minute` but `2 minutes`, as AWS insists.
            let singular = value == 1 ? unit : (unit.hasSuffix("s") ? String(unit.dropLast()) : "")
            guard value == 1 ? units[unit] != nil : unit.hasSuffix("s") && units[singular] != nil,
                let seconds = units[singular]
            else { return nil }
            self = .rate(seconds: value * seconds)
            return
        }
        if text.hasPrefix("cron("), text.hasSuffix(")"), let cron = CronExpression(String(text.dropFirst(5).dropLast()))
        {
            self = .cron(cron)
            return
        }
        return nil
    }

    static func isValid(_ text: String) -> Bool {
        ScheduleExpression(text) != nil
    }

    /// The first time strictly after `after` the rule is due; `anchor` is when a rate starts.
    func next(after: Date, anchor: Date) -> Date? {
        switch self {
        case .rate(let seconds):
            let period = Double(seconds)
            let elapsed = after.timeIntervalSince(anchor)
            let periods = elapsed < 0 ? 1 : (elapsed / period).rounded(.down) + 1
            return anchor.addingTimeInterval(periods * period)
        case .cron(let cron):
            return cron.next(after: after)
        }
    }
}
