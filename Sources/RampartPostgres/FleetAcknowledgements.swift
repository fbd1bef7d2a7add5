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
        var applied: Int64
        var seen: ContinuousClock.Instant
    }

    let instance: String
    private let peers = Mutex<[String: Peer]>([:])
    static let liveness = Duration.seconds(3)
    static let patience = Duration.milliseconds(200)

    init(instance: String) {
        self.instance = instance
    }

    /// The payload announcing that this instance has applied up to `seq`.
    func announcement(_ seq: Int64) -> String { "a:\(instance):\(seq)" }

    /// Takes an announcement; false when the payload is not one.
    func hear(_ payload: String) -> Bool {
        let parts = payload.split(separator: ":")
        guard parts.count == 3, parts[0] == "a", let seq = Int64(parts[2]) else { return false }
        let peer = String(parts[1])
        guard peer != instance else { return true }
        let now = ContinuousClock.now
        peers.withLock { peers in
            let applied = max(peers[peer]?.applied ?? 0, seq)
            peers[peer] = Peer(applied: applied, seen: now)
        }
        return true
    }

    /// The live peers that have not yet applied `seq`.
    func behind(_ seq: Int64) -> Int {
        let now = ContinuousClock.now
        return peers.withLock { peers in
            peers.values.filter { now - $0.seen < Self.liveness && $0.applied < seq }.count
        }
    }

    /// Returns once every live peer has applied `seq`, or after `patience`.
    func wait(for seq: Int64) async {
        let deadline = ContinuousClock.now + Self.patience
        while behind(seq) > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .microseconds(250))
        }
    }
}
