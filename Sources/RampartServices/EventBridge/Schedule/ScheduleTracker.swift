import Foundation
import RampartCore

/// When each enabled scheduled rule is next due, and which are due now. A rule is counted from when
/// it was created, or from the previous check when it was created earlier (the server started, or the
/// rule was enabled, since): a rule is never fired for times that passed while it could not be, as
/// on AWS. A rule that is due several times over between two checks (the clock jumped) fires once.
struct ScheduleTracker {
    private var due: [String: (expression: String, at: Date?)] = [:]
    private var lastCheck: Date

    init(startedAt: Date) {
        lastCheck = startedAt
    }

    /// The rules due at `now`, each with the time it was due.
    mutating func fire(_ rules: [EventRule], now: Date) -> [(rule: EventRule, at: Date)] {
        var firing: [(rule: EventRule, at: Date)] = []
        var kept: [String: (expression: String, at: Date?)] = [:]
        for rule in rules where rule.state != EventRule.disabled {
            guard let text = rule.scheduleExpression, let schedule = ScheduleExpression(text) else { continue }
            var entry = due[rule.recordKey]
            if entry == nil || entry?.expression != text {
                entry = (text, schedule.next(after: max(rule.createdAt, lastCheck), anchor: rule.createdAt))
            }
            if let at = entry?.at, at <= now {
                firing.append((rule, at))
                entry?.at = schedule.next(after: now, anchor: rule.createdAt)
            }
            kept[rule.recordKey] = entry
        }
        due = kept
        lastCheck = now
        return firing
    }
}

extension BusEvent {
    /// What a scheduled rule sends its targets: EventBridge's "Scheduled Event" from `aws.events`,
    /// the rule's ARN as the resource, an empty detail, the time it was due.
    static func scheduled(by rule: EventRule, at time: Date, partition: Partition, region: String) -> BusEvent {
        BusEvent(
            id: UUID().uuidString.lowercased(), detailType: "Scheduled Event", source: "aws.events",
            account: rule.account, time: time, region: region, resources: [rule.arn(in: partition, region: region)],
            detail: .object([:]))
    }
}
