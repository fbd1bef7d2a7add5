import Foundation
import RampartCore
import Testing

@testable import RampartServices

@Suite struct OutboundKeyRotationTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    static func key(_ id: String, _ algorithm: OutboundSigningAlgorithm, at offset: TimeInterval)
        -> OutboundSigningKey
    {
        OutboundSigningKey(
            keyId: id, algorithm: algorithm.rawValue, sealedPrivateKey: [], publicMembers: [:],
            createdAt: start.addingTimeInterval(offset))
    }

    @Test func theNewestKeySignsUntilItIsDue() {
        let keys = [Self.key("old", .rs256, at: 0), Self.key("ec", .es384, at: 0), Self.key("new", .rs256, at: 100)]
        let interval = OutboundKeyRotation.interval
        #expect(OutboundKeyRotation.current(keys, .rs256, now: Self.start.addingTimeInterval(200))?.keyId == "new")
        #expect(OutboundKeyRotation.current(keys, .es384, now: Self.start.addingTimeInterval(200))?.keyId == "ec")
        #expect(OutboundKeyRotation.current(keys, .rs256, now: Self.start.addingTimeInterval(100 + interval)) == nil)
        #expect(OutboundKeyRotation.current([], .rs256, now: Self.start) == nil)
    }

    @Test func aRetiredKeyStaysPublishedWhileItsTokensMayBeValid() {
        let keys = [Self.key("old", .rs256, at: 0), Self.key("ec", .es384, at: 0), Self.key("new", .rs256, at: 100)]
        let lifetime = OutboundKeyRotation.retiredKeyLifetime
        let kept = OutboundKeyRotation.pruned(keys, now: Self.start.addingTimeInterval(100 + lifetime - 1))
        #expect(kept.map(\.keyId) == ["old", "ec", "new"])
        // The newest key of each algorithm is never pruned, however old.
        let later = OutboundKeyRotation.pruned(keys, now: Self.start.addingTimeInterval(100 + lifetime))
        #expect(later.map(\.keyId) == ["ec", "new"])
    }
}
