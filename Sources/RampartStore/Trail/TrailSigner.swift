import Synchronization

/// The audit signing key in use, which a rotation (`rampart admin rotate-audit-signing-key`)
/// replaces while the digest writer runs.
public final class TrailSigner: Sendable {
    private let current: Mutex<TrailSigningKey>

    public init(_ key: TrailSigningKey) {
        current = Mutex(key)
    }

    public var key: TrailSigningKey { current.withLock { $0 } }

    public func replace(with key: TrailSigningKey) {
        current.withLock { $0 = key }
    }
}
