import Logging
import NIOCore
import Synchronization

/// Reports connections shed at the connection cap as one warning a second at most, with how many
/// went since the last one. A flood sheds thousands a second; a line for each would fill the disk
/// and cost more than the shedding. The first shed schedules the report a second later, and the
/// sheds until then are counted into it, so a short burst still gets its line.
final class ShedConnectionLog: Sendable {
    private let unreported = Atomic<Int>(0)
    private let connections: ConnectionCount
    private let logger: Logger
    let interval: TimeAmount

    init(connections: ConnectionCount, logger: Logger, interval: TimeAmount = .seconds(1)) {
        self.connections = connections
        self.logger = logger
        self.interval = interval
    }

    /// Counts one shed connection, and schedules the report on `loop` unless one is pending.
    func record(on loop: any EventLoop) {
        guard unreported.add(1, ordering: .relaxed).newValue == 1 else { return }
        loop.scheduleTask(in: interval) { [self] in report() }
    }

    private func report() {
        let count = unreported.exchange(0, ordering: .relaxed)
        guard count > 0 else { return }
        logger.warning(
            "connections shed at the connection cap",
            metadata: [
                "shed": "\(count)", "shed-total": "\(connections.shed)", "max-connections": "\(connections.maximum)",
            ])
    }
}
