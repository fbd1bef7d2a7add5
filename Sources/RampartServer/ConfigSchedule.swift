import Foundation
import Logging
import RampartCore
import RampartServices
import RampartStore
import ServiceLifecycle

/// AWS Config's periodic rules, run beside the HTTP server: every `interval` the rules whose
/// `MaximumExecutionFrequency` has passed (by the server's clock, which tests may move) are run.
struct ConfigSchedule: Service {
    let store: any Store
    let clock: any Clock
    let interval: Duration
    let logger: Logger

    func run() async throws {
        let evaluator = ConfigEvaluator(store: store)
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await Task.sleep(for: interval)
            do {
                let ran = try await PeriodicEvaluation.run(evaluator, store: store, at: clock.now)
                if ran > 0 { logger.debug("periodic Config rules evaluated", metadata: ["count": "\(ran)"]) }
            } catch {
                logger.error("evaluating periodic Config rules failed", metadata: ["error": "\(error)"])
            }
        }
    }
}
