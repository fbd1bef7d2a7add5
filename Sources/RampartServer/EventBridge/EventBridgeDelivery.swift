import Logging
import RampartCore
import RampartServices
import ServiceLifecycle

/// EventBridge's deliveries and scheduled rules, run beside the HTTP server: the bus matches and
/// delivers, and fires scheduled rules by the server's clock, until the server shuts down
/// (deliveries still waiting for a retry then are dead-lettered, see `EventBus`).
struct EventBridgeDelivery: Service {
    let bus: EventBus
    let clock: any Clock
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask { await bus.run() }
                group.addTask { await bus.runSchedules(clock: clock) }
            }
        }
    }
}
