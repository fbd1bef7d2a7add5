import RampartCore

/// `rate(5 minutes)` or `cron(0 12 * * ? *)`, checked for form. Rampart stores schedules but does
/// not run scheduled rules (its targets are alerts, which events trigger).
enum ScheduleExpression {
    static func isValid(_ text: String) -> Bool {
        if text.hasPrefix("rate("), text.hasSuffix(")") {
            let parts = text.dropFirst(5).dropLast().split(separator: " ")
            guard parts.count == 2, let value = Int(parts[0]), value > 0 else { return false }
            let unit = String(parts[1])
            return value == 1 ? ["minute", "hour", "day"].contains(unit) : ["minutes", "hours", "days"].contains(unit)
        }
        if text.hasPrefix("cron("), text.hasSuffix(")") {
            let fields = text.dropFirst(5).dropLast().split(separator: " ")
            guard fields.count == 6 else { return false }
            // Day-of-month and day-of-week cannot both be given: one of them must be `?`.
            return (fields[2] == "?") != (fields[4] == "?")
        }
        return false
    }
}
