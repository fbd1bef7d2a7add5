import RampartCore
import Synchronization

/// The API call the current task serves, so that the event describing it commits in the same
/// transaction as the first change the call makes: a call that changed something and an event
/// that says so are written together or not at all.
///
/// The request path binds one with `TrailCall.$current.withValue(call) { … }`; the store, when
/// a write of that task has changes, asks it for the event (`claim`), given the write's result
/// so the event can describe what was created. A call that ends without a write that committed
/// records its event itself, through `Store.recordTrail`.
public final class TrailCall: Sendable {
    @TaskLocal public static var current: TrailCall?

    private let describe = Mutex<(@Sendable (_ writeResult: Any) -> TrailEvent?)?>(nil)
    private let claimed = Mutex(false)
    private let response = Mutex<TrailValue?>(nil)
    /// The client's User-Agent, for the events the call's steps write besides its own (the MFA
    /// checks of GetSessionToken, the console's sign-in steps).
    public let userAgent: String

    public init(userAgent: String = "", describe: (@Sendable (_ writeResult: Any) -> TrailEvent?)? = nil) {
        self.userAgent = userAgent
        self.describe.withLock { $0 = describe }
    }

    /// A call whose event is described later (`bind`), once authentication says who makes it.
    public static func unbound(userAgent: String) -> TrailCall { TrailCall(userAgent: userAgent) }

    /// `describe` returns nil for a write that is not the call's effect (a throttle counter, a
    /// refused code's bookkeeping): that write commits without the call's event.
    public func bind(_ describe: @escaping @Sendable (_ writeResult: Any) -> TrailEvent?) {
        self.describe.withLock { $0 = describe }
    }

    /// What the call answered, for a call whose event is not written with a write (STS's
    /// credentials, without their secrets): set by the operation, read by the request path.
    public var responseElements: TrailValue? {
        get { response.withLock { $0 } }
        set { response.withLock { $0 = newValue } }
    }

    /// True once a write carried the call's event and committed.
    public var isRecorded: Bool { claimed.withLock { $0 } }

    /// The event to commit with a write, the first time a write of this call asks.
    package func claim(writeResult: Any) -> TrailEvent? {
        guard let describe = describe.withLock({ $0 }) else { return nil }
        return claimed.withLock { claimed in
            guard !claimed, let event = describe(writeResult) else { return nil }
            claimed = true
            return event
        }
    }

    /// The write that claimed the event did not commit.
    package func release() {
        claimed.withLock { $0 = false }
    }
}
