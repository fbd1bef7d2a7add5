import Synchronization

/// The open connections, counted across event loops, so the server sheds a connection beyond
/// `ConnectionLimits.maxConnections` the moment it is accepted. Closing it at once (rather than
/// leaving it unaccepted in the backlog) tells the client to retry, and the connections already
/// being served keep their descriptors.
final class ConnectionCount: Sendable {
    let maximum: Int
    private let open = Atomic<Int>(0)
    private let refused = Atomic<Int>(0)

    init(maximum: Int) {
        self.maximum = maximum
    }

    var current: Int { open.load(ordering: .relaxed) }

    /// How many connections `admit()` has turned away since the server started.
    var shed: Int { refused.load(ordering: .relaxed) }

    /// Takes a place for a new connection; false (and no place taken, one more shed) when the server
    /// is full.
    func admit() -> Bool {
        let (_, count) = open.add(1, ordering: .relaxed)
        guard count <= maximum else {
            open.subtract(1, ordering: .relaxed)
            refused.add(1, ordering: .relaxed)
            return false
        }
        return true
    }

    /// Gives back the place of a connection that `admit()` let in.
    func release() {
        open.subtract(1, ordering: .relaxed)
    }
}
