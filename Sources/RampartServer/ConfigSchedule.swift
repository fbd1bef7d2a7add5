import Foundation
import Logging
import RampartCore
import RampartServices
import RampartStore
import ServiceLifecycle

/// AWS Config's periodic rules, run beside the HTTP server: every `interval` the rules whose
/// `MaximumExecutionFrequency` has passed (by the server's clock, which tests may move) are run, and
/// so are the change-triggered rules of changes no instance answered (`ConfigDueSweep`).
struct ConfigSchedule: Service {
    let store: any Store
    let clock: any Clock
    let interval: Duration
    let logger: Logger

    func run() async throws {
        let evaluator = ConfigEvaluator(store: store)
        var sweep = ConfigDueSweep()
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await Task.sleep(for: interval)
            do {
                let ran = try await PeriodicEvaluation.run(evaluator, store: store, at: clock.now)
                if ran > 0 { logger.debug("periodic Config rules evaluated", metadata: ["count": "\(ran)"]) }
                let answered = try await sweep.run(evaluator, store: store, at: clock.now)
                if answered > 0 {
                    logger.notice(
                        "change-triggered Config rules of an unanswered change evaluated",
                        metadata: ["count": "\(answered)"])
                }
            } catch {
                logger.error("evaluating periodic Config rules failed", metadata: ["error": "\(error)"])
            }
        }
    }
}
