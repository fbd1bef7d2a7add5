import Foundation
import RampartCore
import Synchronization

/// The server's clock: real time plus an offset that tests may move (only when the server
/// was started with `--allow-clock-control`), so expiry and grace periods are tested without
/// sleeping.
public final class AdjustableClock: Clock {
    private let offset = Mutex<TimeInterval>(0)

    public init() {}

    public var now: Date { Date().addingTimeInterval(offset.withLock { $0 }) }

    public func setOffset(_ seconds: TimeInterval) {
        offset.withLock { $0 = seconds }
    }
}
