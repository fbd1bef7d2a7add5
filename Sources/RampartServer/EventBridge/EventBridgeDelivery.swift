import Logging
import RampartServices
import ServiceLifecycle

/// EventBridge's deliveries, run beside the HTTP server: the bus matches and delivers until the
/// server shuts down (deliveries still waiting for a retry then are dropped, see `EventBus`).
struct EventBridgeDelivery: Service {
    let bus: EventBus
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await bus.run()
        }
    }
}
