import Synchronization

/// At most `perSecond` sends to one API destination: each send takes the next free slot, spaced
/// `1/perSecond` apart, and waits for it. Slots are handed out in the order sends ask.
final class RateLimiter: Sendable {
    private let next = Mutex<ContinuousClock.Instant?>(nil)
    let spacing: Duration

    init(perSecond: Int) {
        spacing = .seconds(1) / max(perSecond, 1)
    }

    func acquire() async {
        let now = ContinuousClock.now
        let slot = next.withLock { next in
            let slot = max(next ?? now, now)
            next = slot + spacing
            return slot
        }
        if slot > now { try? await Task.sleep(until: slot, clock: .continuous) }
    }
}
