import Foundation
import RampartCore
import RampartStore

/// Marks of change (`ConfigEvaluationDue`) that no instance answered. The instance that made a change
/// evaluates it within `ConfigChangeTrigger.delay`; one that stopped first (killed, paused, its
/// database away) leaves the mark, which every instance holds in its snapshot: whichever finds it
/// still there `grace` after first seeing it evaluates it, and the mark's removal in that write makes
/// the others' attempts find nothing to do. Measured on the process's clock, not the service clock
/// that tests move.
public struct ConfigDueSweep: Sendable {
    let grace: Duration
    private var firstSeen: [AccountID: ContinuousClock.Instant] = [:]

    public init(grace: Duration = .seconds(1)) {
        self.grace = grace
    }

    /// Evaluates the marks seen for `grace` or longer; returns how many rules ran.
    public mutating func run(_ evaluator: ConfigEvaluator, store: any Store, at now: Date) async throws -> Int {
        let instant = ContinuousClock.now
        let marked = Set(store.snapshot().all(ConfigEvaluationDue.self).map(\.account))
        firstSeen = firstSeen.filter { marked.contains($0.key) }
        var ran = 0
        for account in marked {
            guard let first = firstSeen[account] else {
                firstSeen[account] = instant
                continue
            }
            guard instant - first >= grace else { continue }
            firstSeen[account] = nil
            ran += try await evaluator.evaluateDue(account, at: now)
        }
        return ran
    }
}
