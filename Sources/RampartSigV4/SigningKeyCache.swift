import Crypto
import Synchronization

/// Derived signing keys, so that a verification costs one HMAC instead of five.
///
/// A key is valid for one (access key id, secret, date, region, service); the secret enters the
/// cache key only through its `SigningSecret.identity` (its sealed form or a hash), so a rotated
/// secret misses instead of hitting the old key, no secret sits in the table, and a hit needs no
/// secret at all. The table is bounded: past `capacity` entries it is
/// emptied whole. Re-deriving costs four HMACs (about two microseconds), so the occasional flush
/// is cheaper than keeping recency order under the lock on every hit.
public final class SigningKeyCache: Sendable {
    public static let defaultCapacity = 10_000

    private struct Key: Hashable {
        var accessKeyId: String
        var secretIdentity: [UInt8]
        var date: String
        var region: String
        var service: String
    }

    private let capacity: Int
    private let entries = Mutex<[Key: SigningKey]>([:])
    private let lookups = Atomic<Int>(0)
    private let derivations = Atomic<Int>(0)

    public init(capacity: Int = SigningKeyCache.defaultCapacity) {
        self.capacity = max(1, capacity)
    }

    /// How many keys are cached now.
    public var count: Int { entries.withLock { $0.count } }
    /// Lookups since the cache was made, and how many of them derived a key (missed): the server's
    /// metrics read them when scraped.
    public var lookupCount: Int { lookups.load(ordering: .relaxed) }
    public var missCount: Int { derivations.load(ordering: .relaxed) }

    func signingKey(accessKeyId: String, secretAccessKey: String, date: String, region: String, service: String)
        -> SigningKey
    {
        signingKey(
            accessKeyId: accessKeyId, secret: SigningSecret(plaintext: secretAccessKey), date: date, region: region,
            service: service)!
    }

    /// nil when the key is not cached and the secret cannot be revealed.
    func signingKey(accessKeyId: String, secret: SigningSecret, date: String, region: String, service: String)
        -> SigningKey?
    {
        let key = Key(
            accessKeyId: accessKeyId, secretIdentity: secret.identity, date: date, region: region, service: service)
        lookups.add(1, ordering: .relaxed)
        if let cached = entries.withLock({ $0[key] }) { return cached }
        guard let secretAccessKey = secret.reveal() else { return nil }
        derivations.add(1, ordering: .relaxed)
        // Derived outside the lock: two threads may both derive the same key, which is harmless.
        let derived = SigningKey(secretAccessKey: secretAccessKey, date: date, region: region, service: service)
        entries.withLock { table in
            if table.count >= capacity { table.removeAll(keepingCapacity: true) }
            table[key] = derived
        }
        return derived
    }
}
