import Foundation

/// The source of "now". Injected everywhere time matters (signatures, session expiry,
/// grace periods) so tests control time instead of sleeping.
public protocol Clock: Sendable {
    var now: Date { get }
}

public struct SystemClock: Clock {
    public init() {}
    public var now: Date { Date() }
}

/// A clock shifted by a fixed offset; `rampart serve --clock-offset` uses it so end-to-end
/// tests can move a running server through time.
public struct OffsetClock: Clock {
    public let base: any Clock
    public let offset: TimeInterval
    public init(base: any Clock = SystemClock(), offset: TimeInterval) {
        self.base = base
        self.offset = offset
    }
    public var now: Date { base.now.addingTimeInterval(offset) }
}
