import Foundation
import RampartCore

/// Dates and ages on the administrator's pages: a `<time>` with the exact instant, showing the day, and
/// ages in whole days ("today", "1 day", "12 days").
enum AdminTime {
    static func day(_ date: Date?) -> String {
        guard let date else { return "—" }
        let exact = Timestamp.iso8601(date)
        return "<time datetime=\"\(exact)\">\(exact.prefix(10))</time>"
    }

    static func age(of date: Date?, now: Date) -> String {
        guard let date else { return "—" }
        let days = Int(now.timeIntervalSince(date) / 86_400)
        switch days {
        case ..<1: return "today"
        case 1: return "1 day"
        default: return "\(days) days"
        }
    }

    /// "today", "1 day ago", "12 days ago".
    static func ago(_ date: Date, now: Date) -> String {
        let age = age(of: date, now: now)
        return age == "today" ? age : age + " ago"
    }

    /// "5 minutes", for what is left of a lockout.
    static func until(_ date: Date, now: Date) -> String {
        let minutes = max(1, Int((date.timeIntervalSince(now) / 60).rounded(.up)))
        return minutes < 120 ? "\(minutes) minute\(minutes == 1 ? "" : "s")" : "\(minutes / 60) hours"
    }
}
