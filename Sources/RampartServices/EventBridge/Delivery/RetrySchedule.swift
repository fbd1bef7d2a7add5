/// When a failed send is tried again: after `base`, then twice as long each time, at most `cap`
/// (EventBridge backs off exponentially too; its own intervals are not published).
public struct RetrySchedule: Sendable {
    public var base: Duration
    public var cap: Duration

    public init(base: Duration = .seconds(1), cap: Duration = .seconds(60)) {
        self.base = base
        self.cap = cap
    }

    /// The wait after the `attempt`-th failed attempt (1-based).
    func delay(after attempt: Int) -> Duration {
        var delay = base
        for _ in 1..<max(attempt, 1) {
            delay *= 2
            if delay >= cap { return cap }
        }
        return min(delay, cap)
    }

    /// The statuses EventBridge retries for API destinations; any other failure is final.
    static func isRetryable(status: Int) -> Bool {
        [401, 407, 409, 429].contains(status) || status >= 500
    }
}
