#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How many connections the server holds and how long each may sit without progress. Without
/// them, idle and half-sent requests each held a descriptor forever: 1,100 idle connections used
/// up 1,024 descriptors and the server accepted nothing more.
public struct ConnectionLimits: Sendable, Equatable {
    /// Open connections beyond this are closed as soon as they are accepted; the ones already
    /// open keep being served.
    public var maxConnections: Int
    /// How long a kept-alive connection may wait for its next request's first byte.
    public var idleTimeout: Duration
    /// How long a request may take to arrive whole (head and body), from its first byte.
    public var requestTimeout: Duration

    public init(
        maxConnections: Int = ConnectionLimits.defaultMaxConnections(), idleTimeout: Duration = .seconds(60),
        requestTimeout: Duration = .seconds(30)
    ) {
        self.maxConnections = maxConnections
        self.idleTimeout = idleTimeout
        self.requestTimeout = requestTimeout
    }

    /// Descriptors kept back from connections for the database, its journal, logs and the
    /// listening socket, so a full house of connections never starves them.
    static let descriptorHeadroom = 64

    /// 1,000, or fewer when the descriptor limit (after `raiseDescriptorLimit()`) leaves less.
    public static func defaultMaxConnections() -> Int {
        min(1000, connectionCeiling())
    }

    /// The most connections the descriptor limit allows with `descriptorHeadroom` kept back. A cap
    /// above it is lowered to it: out of descriptors, accept() fails with EMFILE while the
    /// connection waits in the backlog, and NIO (2.x, as of this writing) keeps asking to accept,
    /// so the loop spins a core until a descriptor frees. Below the limit that never happens.
    public static func connectionCeiling() -> Int {
        max(1, currentDescriptorLimit() - descriptorHeadroom)
    }

    /// Raises the soft descriptor limit to the hard one: the soft default (often 1,024) is lower
    /// than a server needs, and the hard limit is what the administrator allowed.
    @discardableResult
    public static func raiseDescriptorLimit() -> Int {
        var limits = rlimit()
        guard getrlimit(descriptorResource, &limits) == 0 else { return currentDescriptorLimit() }
        if limits.rlim_cur < limits.rlim_max {
            var raised = limits
            raised.rlim_cur = limits.rlim_max
            _ = setrlimit(descriptorResource, &raised)
        }
        return currentDescriptorLimit()
    }

    #if canImport(Glibc)
        private static let descriptorResource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    #else
        private static let descriptorResource = RLIMIT_NOFILE
    #endif

    static func currentDescriptorLimit() -> Int {
        var limits = rlimit()
        guard getrlimit(descriptorResource, &limits) == 0 else { return 1024 }
        return limits.rlim_cur > rlim_t(Int32.max) ? Int(Int32.max) : Int(limits.rlim_cur)
    }
}
