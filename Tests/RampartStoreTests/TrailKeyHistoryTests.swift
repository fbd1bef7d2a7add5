import RampartCore
import RampartStore
import XCTest

/// The public key history `rampart audit verify` checks digests with after a signing-key rotation.
final class TrailKeyHistoryTests: XCTestCase {
    let old = TrailSigningKey.random()
    let new = TrailSigningKey.random()
    let rotatedAt: Int64 = 1_700_000_000_000

    func digest(at millis: Int64, signedBy key: TrailSigningKey) throws -> TrailDigest {
        try key.sign(
            TrailDigest(
                account: AccountID("123456789012")!, number: 1, startMillis: millis - 1000, endMillis: millis,
                firstSequence: 1, lastSequence: 2, firstHash: [1], lastHash: [2], previousSignature: [],
                signature: []))
    }

    func testEachKeyVerifiesTheDigestsOfItsPeriod() throws {
        let history = TrailKeyHistory(single: old.verifyingKey).rotated(to: new.verifyingKey, at: rotatedAt)
        XCTAssertEqual(history.entries.count, 2)
        XCTAssertEqual(history.entries[0].activeUntilMillis, rotatedAt)
        XCTAssertEqual(history.entries[1].activeFromMillis, rotatedAt)
        XCTAssertTrue(history.verifies(try digest(at: rotatedAt - 3_600_000, signedBy: old)))
        XCTAssertTrue(history.verifies(try digest(at: rotatedAt + 3_600_000, signedBy: new)))
        // A digest in flight while the key changed is still accepted.
        XCTAssertTrue(history.verifies(try digest(at: rotatedAt + 1_000, signedBy: old)))
        // The old key, perhaps leaked, cannot sign for the time after its period.
        XCTAssertFalse(history.verifies(try digest(at: rotatedAt + 3_600_000, signedBy: old)))
        XCTAssertFalse(history.verifies(try digest(at: rotatedAt - 3_600_000, signedBy: new)))
    }

    func testAKeyOutsideTheHistoryVerifiesNothing() throws {
        let history = TrailKeyHistory(single: old.verifyingKey).rotated(to: new.verifyingKey, at: rotatedAt)
        let stranger = TrailSigningKey.random()
        XCTAssertFalse(history.verifies(try digest(at: rotatedAt + 10, signedBy: stranger)))
        XCTAssertFalse(history.contains(stranger.verifyingKey))
        XCTAssertTrue(history.contains(old.verifyingKey) && history.contains(new.verifyingKey))
    }

    func testASecondRotationClosesTheSecondKeysPeriod() throws {
        let third = TrailSigningKey.random()
        let history = TrailKeyHistory(single: old.verifyingKey).rotated(to: new.verifyingKey, at: rotatedAt)
            .rotated(to: third.verifyingKey, at: rotatedAt + 86_400_000)
        XCTAssertEqual(history.entries.map(\.activeUntilMillis), [rotatedAt, rotatedAt + 86_400_000, nil])
        XCTAssertTrue(history.verifies(try digest(at: rotatedAt + 3_600_000, signedBy: new)))
        XCTAssertFalse(history.verifies(try digest(at: rotatedAt + 2 * 86_400_000, signedBy: new)))
        XCTAssertTrue(history.verifies(try digest(at: rotatedAt + 2 * 86_400_000, signedBy: third)))
    }
}
