import Foundation

/// The MFA posture's headline figures, one entry a day, for the dashboard's 90-day trend. Written
/// when the figures are computed (a page view, a metrics scrape), so a day without either has no
/// entry and the chart shows the gap.
public struct PostureHistory: Codable, Sendable, Equatable {
    public struct Day: Codable, Sendable, Equatable {
        /// `YYYY-MM-DD`, UTC.
        public var day: String
        public var mustHaveMFA: Int
        public var withMFA: Int
        public var phishingResistant: Int
        public var blocked: Int
        public var nonCompliantResources: Int

        public init(
            day: String, mustHaveMFA: Int, withMFA: Int, phishingResistant: Int, blocked: Int,
            nonCompliantResources: Int
        ) {
            self.day = day
            self.mustHaveMFA = mustHaveMFA
            self.withMFA = withMFA
            self.phishingResistant = phishingResistant
            self.blocked = blocked
            self.nonCompliantResources = nonCompliantResources
        }
    }

    /// Whose figures: an account id, or an organization id for the organization-wide view.
    public var scope: String
    /// The account the record belongs to (the account itself, or the organization's management account).
    public var account: AccountID
    /// Oldest first, at most `kept` days.
    public var days: [Day]

    public static let kept = 90

    public init(scope: String, account: AccountID, days: [Day]) {
        self.scope = scope
        self.account = account
        self.days = days
    }

    /// Today's entry set (replacing an earlier one of the same day), days older than `kept` dropped.
    public func recording(_ today: Day, now: Date) -> PostureHistory {
        let cutoff = Self.dayString(now.addingTimeInterval(-Double(Self.kept - 1) * 86_400))
        var days = self.days.filter { $0.day != today.day && $0.day >= cutoff }
        days.append(today)
        days.sort { $0.day < $1.day }
        return PostureHistory(scope: scope, account: account, days: days)
    }

    public static func dayString(_ date: Date) -> String {
        String(Timestamp.iso8601(date).prefix(10))
    }
}
