import RampartCore
import Synchronization

/// Each credential's `userIdentity`, rendered once: every call a credential signs records the same
/// one, and building and rendering it was a third of what recording a read cost. An entry is used
/// only for the principal it was rendered for (a renamed user's key, a new session under a reused
/// key id render again); the cache starts over when it reaches `capacity` credentials.
public final class UserIdentityCache: Sendable {
    private let entries = Mutex<[String: (principal: Principal, json: [UInt8])]>([:])
    private let capacity: Int

    public init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    public func value(of principal: Principal) -> TrailValue {
        guard !principal.accessKeyId.isEmpty else { return CloudTrailIdentity.value(of: principal) }
        if let hit = entries.withLock({ $0[principal.accessKeyId] }), hit.principal == principal {
            return .rendered(hit.json)
        }
        var json = [UInt8]()
        CloudTrailIdentity.value(of: principal).write(into: &json)
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[principal.accessKeyId] = (principal, json)
        }
        return .rendered(json)
    }
}
