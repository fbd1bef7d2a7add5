import Foundation
import RampartCore
import RampartStore
import Synchronization
import XCTest

/// The tap sees each committed trail event once (a write's own and the queued batch's), and
/// never one whose transaction did not commit.
final class TrailTapTests: SQLiteFileTestCase {
    func event(_ name: String) -> TrailEvent {
        TrailEvent(
            account: account, organization: nil, time: Date(timeIntervalSince1970: 100),
            eventId: UUID().uuidString.lowercased(), eventName: name, eventSource: "iam.amazonaws.com",
            username: "alice", accessKeyId: nil, readOnly: false, resources: [], body: "{\"eventName\":\"\(name)\"}")
    }

    func testCommittedEventsReachTheListenerOnceAndRolledBackOnesNever() async throws {
        let seen = Mutex<[String]>([])
        let tap = TrailTap()
        tap.listen { events in seen.withLock { $0 += events.map(\.eventName) } }
        let store = try SQLiteStore(path: path, recordTypes: RecordTypes.all, tap: tap)
        try await store.write { tx in
            tx.put(Account(id: account, createDate: Date(), rootEmail: "a@example.com", rootPassword: nil))
            tx.record(event("CreateUser"))
        }
        XCTAssertEqual(seen.withLock { $0 }, ["CreateUser"])

        struct Refused: Error {}
        do {
            try await store.write { tx in
                tx.record(event("DeleteUser"))
                throw Refused()
            }
            XCTFail("the write should have failed")
        } catch is Refused {}
        XCTAssertEqual(seen.withLock { $0 }, ["CreateUser"], "an event that did not commit is not seen")

        store.recordTrail([event("GetUser"), event("ListUsers")])
        XCTAssertEqual(seen.withLock { $0 }, ["CreateUser"], "queued events are seen when their batch commits")
        try await store.flushTrail()
        try await store.flushTrail()
        XCTAssertEqual(seen.withLock { $0 }, ["CreateUser", "GetUser", "ListUsers"])
    }
}
