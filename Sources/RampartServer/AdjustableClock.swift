import Foundation
import RampartCore
import Synchronization

/// The server's clock: real time plus an offset that tests may move (only when the server
/// was started with `--allow-clock-control`), so expiry and grace periods are tested without
/// sleeping.
public final class AdjustableClock: Clock {
    /// A century either way: far enough for any expiry test, near enough that every date the
    /// server derives stays inside what `Date` arithmetic and `Int` seconds hold. An offset of
    /// 1e300 once made the next sign-in trap.
    public static let maximumOffset: TimeInterval = 100 * 366 * 86_400

    /// An offset that is not a number or beyond `maximumOffset`.
    public struct OffsetOutOfRange: Error, Equatable {
        public let seconds: TimeInterval
    }

    private let offset = Mutex<TimeInterval>(0)

    public init() {}

    public var now: Date { Date().addingTimeInterval(offset.withLock { $0 }) }

    public func setOffset(_ seconds: TimeInterval) throws(OffsetOutOfRange) {
        guard seconds.isFinite, abs(seconds) <= Self.maximumOffset else { throw OffsetOutOfRange(seconds: seconds) }
        offset.withLock { $0 = seconds }
    }
}
