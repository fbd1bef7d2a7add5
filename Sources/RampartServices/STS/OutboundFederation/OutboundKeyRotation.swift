import Foundation
import RampartCore

/// When a signing key is replaced and when a replaced one stops being published. A key signs for
/// `interval`; then the next token makes a new one. The old key stays in the JWKS until every token
/// it signed has expired (the longest token lives an hour) plus the clock skew relying parties allow.
enum OutboundKeyRotation {
    static let interval: TimeInterval = 7 * 86_400
    static let retiredKeyLifetime: TimeInterval = 3_600 + 300

    /// The key that signs now for `algorithm`: the newest of it, unless it is due for rotation.
    static func current(_ keys: [OutboundSigningKey], _ algorithm: OutboundSigningAlgorithm, now: Date)
        -> OutboundSigningKey?
    {
        guard let newest = keys.last(where: { $0.algorithm == algorithm.rawValue }),
            now.timeIntervalSince(newest.createdAt) < interval
        else { return nil }
        return newest
    }

    /// `keys` without those retired long enough ago that no token they signed is still valid.
    static func pruned(_ keys: [OutboundSigningKey], now: Date) -> [OutboundSigningKey] {
        keys.enumerated().filter { index, key in
            guard let successor = keys[(index + 1)...].first(where: { $0.algorithm == key.algorithm }) else {
                return true
            }
            return now.timeIntervalSince(successor.createdAt) < retiredKeyLifetime
        }.map(\.element)
    }
}
