import Foundation
import Synchronization

/// What every instance on the database has applied of the change log, as each announces it
/// (`a:<instance>:<seq>` on the change channel, after each catch-up and once a second). A writer
/// waits, after COMMIT, until every live instance has applied its write, so that whichever instance
/// answers the client's next request (HAProxy deals them round robin) answers from after the write:
/// read-your-writes across the fleet, paid for by writes (a round of notifications) instead of by
/// every read. An instance not heard from for `liveness` is not waited for; nor is any for longer
/// than `patience`, so a stuck instance slows writes by at most that much and never stops them.
final class FleetAcknowledgements: Sendable {
    private struct Peer {
        var applied: Int64 = 0
        /// The time (epoch milliseconds) up to which the peer's queued trail events are written.
        var flushed: Int64 = 0
        var seen: ContinuousClock.Instant
    }

    /// Who waits for the next announcement; `generation` counts announcements, so one that arrives
    /// between a waiter's check and its sleep still wakes it.
    private struct Waiting {
        var generation: UInt64 = 0
        var next: UInt64 = 0
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
    }

    let instance: String
    private let peers = Mutex<[String: Peer]>([:])
    private let waiting = Mutex(Waiting())
    static let liveness = Duration.seconds(3)
    static let patience = Duration.milliseconds(200)

    init(instance: String) {
        self.instance = instance
    }

    /// The payload announcing that this instance has applied up to `seq`.
    func announcement(_ seq: Int64) -> String { "a:\(instance):\(seq)" }

    /// The payload announcing that this instance's trail events queued before `millis` are written.
    func flushAnnouncement(_ millis: Int64) -> String { "f:\(instance):\(millis)" }

    /// Takes an announcement; false when the payload is not one.
    func hear(_ payload: String) -> Bool {
        let parts = payload.split(separator: ":")
        guard parts.count == 3, parts[0] == "a" || parts[0] == "f", let value = Int64(parts[2]) else { return false }
        let name = String(parts[1])
        guard name != instance else { return true }
        let now = ContinuousClock.now
        peers.withLock { peers in
            var peer = peers[name] ?? Peer(seen: now)
            if parts[0] == "a" {
                peer.applied = max(peer.applied, value)
            } else {
                peer.flushed = max(peer.flushed, value)
            }
            peer.seen = now
            peers[name] = peer
        }
        let woken = waiting.withLock { waiting in
            waiting.generation &+= 1
            defer { waiting.waiters.removeAll() }
            return Array(waiting.waiters.values)
        }
        for waiter in woken { waiter.resume() }
        return true
    }

    /// How many live peers fall short of `bound` by `measure`.
    private func short(of bound: Int64, _ measure: (Peer) -> Int64) -> Int {
        let now = ContinuousClock.now
        return peers.withLock { peers in
            peers.values.filter { now - $0.seen < Self.liveness && measure($0) < bound }.count
        }
    }

    /// Checks `done` after each announcement heard, until it holds or `patience` has passed.
    private func wait(patience: Duration, until done: () -> Bool) async {
        let deadline = ContinuousClock.now + patience
        while true {
            let seen = waiting.withLock { $0.generation }
            if done() || ContinuousClock.now >= deadline { return }
            await announcement(after: seen, before: deadline)
        }
    }

    /// Returns at the first announcement after the `seen`th, or at `deadline`.
    private func announcement(after seen: UInt64, before deadline: ContinuousClock.Instant) async {
        let timer = Mutex<Task<Void, Never>?>(nil)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let id: UInt64? = waiting.withLock { waiting in
                guard waiting.generation == seen else { return nil }
                waiting.next &+= 1
                waiting.waiters[waiting.next] = continuation
                return waiting.next
            }
            guard let id else { return continuation.resume() }
            timer.withLock {
                $0 = Task {
                    try? await Task.sleep(until: deadline)
                    self.waiting.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
                }
            }
        }
        timer.withLock { $0?.cancel() }
    }

    /// Returns once every live peer has applied `seq`, or after `patience`.
    func wait(for seq: Int64) async {
        await wait(patience: Self.patience) { short(of: seq, \.applied) == 0 }
    }

    /// Returns once every live peer has written the trail events it queued before `millis` (each
    /// flushes every `TrailSettings.flushInterval`), or after a second: what LookupEvents waits for,
    /// so that it finds the calls answered by any instance before it was asked.
    func waitFlushed(through millis: Int64) async {
        await wait(patience: .seconds(1)) { short(of: millis, \.flushed) == 0 }
    }
}
