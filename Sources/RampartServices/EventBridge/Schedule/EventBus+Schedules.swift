import Foundation
import RampartCore

extension EventBus {
    /// Fires the scheduled rules of every account when they are due, by `clock` (the server's,
    /// which tests may move), checking every `interval`, until the task is cancelled. Scheduled
    /// events go to the rule's own targets, not through the bus's patterns, as on AWS.
    public func runSchedules(clock: any Clock, every interval: Duration = .seconds(1)) async {
        var tracker = ScheduleTracker(startedAt: clock.now)
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            let snapshot = store.snapshot()
            let rules = snapshot.all(EventRule.self).filter { $0.scheduleExpression != nil }
            for (rule, at) in tracker.fire(rules, now: clock.now) {
                guard await claim(rule, at: at) else { continue }
                let partition = snapshot.get(Account.self, rule.account.rawValue)?.effectivePartition ?? .commercial
                offer(
                    scheduled: .scheduled(by: rule, at: at, partition: partition, region: EventBus.scheduleRegion),
                    rule: rule.name)
            }
        }
    }

    /// Whether this instance fires `rule` for `at`: the first write to record the time on the rule
    /// wins. The write decides on the latest committed state (under PostgreSQL's write lock in a
    /// fleet), so every instance runs the schedule and each time still fires once.
    private func claim(_ rule: EventRule, at: Date) async -> Bool {
        let claimed = try? await store.write { transaction -> Bool in
            guard var current = transaction.get(EventRule.self, rule.recordKey),
                current.scheduleExpression == rule.scheduleExpression
            else { return false }
            if let last = current.lastScheduledAt, last >= at { return false }
            current.lastScheduledAt = at
            transaction.put(current)
            return true
        }
        return claimed ?? false
    }

    /// The region in a scheduled event and its rule's ARN: Rampart's rules are not regional, and
    /// us-east-1 is the region its other background events name.
    static let scheduleRegion = "us-east-1"
}
