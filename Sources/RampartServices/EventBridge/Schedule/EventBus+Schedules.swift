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
                let partition = snapshot.get(Account.self, rule.account.rawValue)?.effectivePartition ?? .commercial
                offer(
                    scheduled: .scheduled(by: rule, at: at, partition: partition, region: EventBus.scheduleRegion),
                    rule: rule.name)
            }
        }
    }

    /// The region in a scheduled event and its rule's ARN: Rampart's rules are not regional, and
    /// us-east-1 is the region its other background events name.
    static let scheduleRegion = "us-east-1"
}
