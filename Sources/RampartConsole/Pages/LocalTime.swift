import Foundation
import RampartCore

/// An instant on a person's page: a `<time>` whose `datetime` is exact and whose text, "2026-12-06
/// 18:52 UTC", is what a browser without scripts shows; the console's page script rewrites it in the
/// browser's own time zone (see `PageScript`).
enum LocalTime {
    static func html(_ date: Date) -> String {
        let exact = Timestamp.iso8601(date)
        let utc = exact.prefix(16).replacingOccurrences(of: "T", with: " ") + " UTC"
        return "<time datetime=\"\(exact)\" class=\"local\">\(utc)</time>"
    }
}
