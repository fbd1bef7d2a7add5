import Foundation
import RampartServices

/// A user's standing in a word and a line: "OK", "MFA required · 12 days left", "Blocked", "Locked out
/// · 5 minutes".
enum UserStatusBadge {
    static func render(_ standing: UserStanding, now: Date) -> String {
        var badges = [String]()
        switch standing.mfa {
        case .notRequired, .satisfied: break
        case .allowedWithout:
            badges.append(badge("MFA required", "in-grace", "signs in without a device (allowed)"))
        case .graceNotStarted(let days):
            badges.append(badge("MFA required", "in-grace", "\(days) days of grace from the next sign-in"))
        case .inGrace(let left):
            badges.append(badge("In grace", "in-grace", "\(left) day\(left == 1 ? "" : "s") left to set up MFA"))
        case .blocked:
            badges.append(badge("Blocked", "blocked", "must have MFA and has no device"))
        }
        if let until = standing.passwordLockedUntil {
            badges.append(badge("Locked out", "blocked", "password, \(AdminTime.until(until, now: now)) left"))
        }
        if let until = standing.mfaLockedUntil {
            badges.append(badge("Locked out", "blocked", "MFA codes, \(AdminTime.until(until, now: now)) left"))
        }
        return badges.isEmpty ? badge("Active", "compliant", nil) : badges.joined(separator: " ")
    }

    private static func badge(_ text: String, _ kind: String, _ detail: String?) -> String {
        "<span class=\"status status-\(kind) user-status\">\(HTML.escape(text))</span>"
            + (detail.map { "<span class=\"status-detail\">\(HTML.escape($0))</span>" } ?? "")
    }
}
