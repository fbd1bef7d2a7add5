import Crypto
import Foundation
import RampartCore
import RampartStore
import XCTest

final class SQLiteTrailTests: SQLiteFileTestCase {
    let other = AccountID("210987654321")!

    func event(
        _ name: String, at seconds: Double, account: AccountID? = nil, organization: String? = nil,
        username: String = "alice", readOnly: Bool = false
    ) -> TrailEvent {
        TrailEvent(
            account: account ?? self.account, organization: organization, time: Date(timeIntervalSince1970: seconds),
            eventId: UUID().uuidString.lowercased(), eventName: name, eventSource: "iam.amazonaws.com",
            username: username, accessKeyId: "AKIAEXAMPLE", readOnly: readOnly,
            resources: [TrailResource(type: "AWS::IAM::User", name: username)], body: "{\"eventName\":\"\(name)\"}")
    }

    func query(
        _ attribute: (key: TrailAttribute, value: String)? = nil, limit: Int = 50, after: TrailCursor? = nil,
        scope: TrailQuery.Scope? = nil
    ) -> TrailQuery {
        TrailQuery(
            scope: scope ?? .account(account), attribute: attribute, start: Date(timeIntervalSince1970: 0),
            end: Date(timeIntervalSince1970: 1e9), limit: limit, after: after)
    }

    func testAnEventCommitsWithItsWriteAndSurvivesReopening() async throws {
        do {
            let store = try SQLiteStore(path: path, recordTypes: RecordTypes.all)
            try await store.write { tx in
                tx.put(Account(id: account, createDate: Date(), rootEmail: "a@example.com", rootPassword: nil))
                tx.record(event("CreateUser", at: 100))
            }
            let links = try await store.trailLinks(account: account, from: 1, limit: 10)
            XCTAssertEqual(links.map(\.event.eventName), ["CreateUser"])
        }
        let reopened = try SQLiteStore(path: path, recordTypes: RecordTypes.all)
        try await reopened.write { tx in tx.record(event("DeleteUser", at: 200)) }
        let links = try await reopened.trailLinks(account: account, from: 1, limit: 10)
        XCTAssertEqual(links.map(\.sequence), [1, 2])
        XCTAssertEqual(links[1].previousHash, links[0].hash, "the chain continues across a restart")
    }

    func testAFailedWriteLeavesNoEvent() async throws {
        struct Refused: Error {}
        let store = try SQLiteStore(path: path, recordTypes: RecordTypes.all)
        do {
            try await store.write { tx in
                tx.record(event("CreateUser", at: 100))
                throw Refused()
            }
            XCTFail("the write should have failed")
        } catch is Refused {}
        let links = try await store.trailLinks(account: account, from: 1, limit: 10)
        XCTAssertTrue(links.isEmpty)
    }

    func testEachLinkHashesItsPredecessorAndItsCanonicalForm() async throws {
        let store = try SQLiteStore(path: path, recordTypes: RecordTypes.all)
        store.recordTrail([event("GetUser", at: 1, readOnly: true), event("ListUsers", at: 2, readOnly: true)])
        try await store.write { tx in tx.record(event("CreateUser", at: 3)) }
        let links = try await store.trailLinks(account: account, from: 1, limit: 10)
        XCTAssertEqual(
            links.map(\.event.eventName), ["CreateUser", "GetUser", "ListUsers"],
            "a write does not wait for the queued reads; they follow in the next batch")
        var previous = [UInt8](repeating: 0, count: 32)
        for link in links {
            XCTAssertEqual(link.previousHash, previous)
            var hasher = SHA256()
            hasher.update(data: previous)
            hasher.update(data: TrailLink.canonical(sequence: link.sequence, event: link.event))
            XCTAssertEqual(link.hash, Array(hasher.finalize()))
            previous = link.hash
        }
    }

    func testChainsArePerAccount() async throws {
        let store = try SQLiteStore(path: path, recordTypes: RecordTypes.all)
        store.recordTrail([event("A", at: 1), event("B", at: 2, account: other), event("C", at: 3)])
        let mine = try await store.trailLinks(account: account, from: 1, limit: 10)
        let theirs = try await store.trailLinks(account: other, from: 1, limit: 10)
        XCTAssertEqual(mine.map(\.sequence), [1, 2])
        XCTAssertEqual(theirs.map(\.sequence), [1])
        let accounts = try await store.trailAccounts()
        XCTAssertEqual(Set(accounts), [account, other])
    }

    func testLookupsPageNewestFirstByEveryAttribute() async throws {
        let store = try SQLiteStore(path: path, recordTypes: RecordTypes.all)
        store.recordTrail((1...120).map { event($0 % 2 == 0 ? "GetUser" : "CreateUser", at: Double($0)) })
        store.recordTrail([event("GetUser", at: 60, username: "bob", readOnly: true)])
        var names = [String]()
        var times = [Double]()
        var cursor: TrailCursor?
        repeat {
            let page = try await store.lookupTrail(query((.eventName, "GetUser"), limit: 7, after: cursor))
            names += page.events.map(\.eventName)
            times += page.events.map(\.time.timeIntervalSince1970)
            cursor = page.next
        } while cursor != nil
        XCTAssertEqual(names.count, 61)
        XCTAssertEqual(Set(names), ["GetUser"])
        XCTAssertEqual(times, times.sorted(by: >), "newest first")
        let bob = try await store.lookupTrail(query((.username, "bob")))
        XCTAssertEqual(bob.events.count, 1)
        let reads = try await store.lookupTrail(query((.readOnly, "true")))
        XCTAssertEqual(reads.events.map(\.username), ["bob"])
        let byResource = try await store.lookupTrail(query((.resourceName, "bob")))
        XCTAssertEqual(byResource.events.count, 1)
        let byType = try await store.lookupTrail(query((.resourceType, "AWS::IAM::User"), limit: 50))
        XCTAssertEqual(byType.events.count, 50)
        XCTAssertNotNil(byType.next)
        let byKey = try await store.lookupTrail(query((.accessKeyId, "AKIAEXAMPLE"), limit: 1))
        XCTAssertEqual(byKey.events.first?.time.timeIntervalSince1970, 120)
        let bySource = try await store.lookupTrail(query((.eventSource, "iam.amazonaws.com"), limit: 200))
        XCTAssertEqual(bySource.events.count, 121)
        XCTAssertNil(bySource.next)
        let id = bob.events[0].eventId
        let byId = try await store.lookupTrail(query((.eventId, id)))
        XCTAssertEqual(byId.events.map(\.eventId), [id])
        let elsewhere = try await store.lookupTrail(query((.eventId, id), scope: .account(other)))
        XCTAssertTrue(elsewhere.events.isEmpty, "an event id finds nothing in another account's trail")
    }

    func testTimeBoundsAreInclusive() async throws {
        let store = try SQLiteStore(path: path, recordTypes: RecordTypes.all)
        store.recordTrail((1...10).map { event("E\($0)", at: Double($0)) })
        var bounded = query()
        bounded.start = Date(timeIntervalSince1970: 3)
        bounded.end = Date(timeIntervalSince1970: 5)
        let page = try await store.lookupTrail(bounded)
        XCTAssertEqual(page.events.map(\.eventName), ["E5", "E4", "E3"])
    }

    func testTheOrganizationViewHoldsEveryMembersEvents() async throws {
        let store = try SQLiteStore(path: path, recordTypes: RecordTypes.all)
        store.recordTrail([
            event("A", at: 1, organization: "o-abc"), event("B", at: 2, account: other, organization: "o-abc"),
            event("C", at: 3, account: other),
        ])
        let organization = try await store.lookupTrail(query(scope: .organization("o-abc")))
        XCTAssertEqual(organization.events.map(\.eventName), ["B", "A"])
        let own = try await store.lookupTrail(query(scope: .account(other)))
        XCTAssertEqual(own.events.map(\.eventName), ["C", "B"])
    }

    func testRetentionDeletesOldEventsAndTheirIndexRows() async throws {
        let store = try SQLiteStore(path: path, recordTypes: RecordTypes.all)
        store.recordTrail((1...10).map { event("E\($0)", at: Double($0)) })
        let removed = try await store.pruneTrail(before: Date(timeIntervalSince1970: 6))
        XCTAssertEqual(removed, 5)
        let left = try await store.lookupTrail(query())
        XCTAssertEqual(left.events.map(\.eventName), ["E10", "E9", "E8", "E7", "E6"])
        try await store.write { tx in tx.record(event("E11", at: 11)) }
        let links = try await store.trailLinks(account: account, from: 1, limit: 20)
        XCTAssertEqual(links.map(\.sequence), [6, 7, 8, 9, 10, 11], "numbering goes on after a prune")
    }

    func testPruneDeletesExactlyTheOldEventsWhenWriteOrderLagsTime() async throws {
        let store = try SQLiteStore(path: path, recordTypes: RecordTypes.all)
        // Written in batches whose times run up to a minute behind the events before them, as queued
        // reads do behind a write; 2,000 events over about 2,000 seconds.
        var times: [Double] = []
        for batch in stride(from: 0, to: 2000, by: 50) {
            times += (0..<50).map { Double(batch + 49 - $0) }
        }
        store.recordTrail(times.enumerated().map { event("E\($0.offset)", at: 1_000 + $0.element) })
        try await store.flushTrail()
        for cutoff in [1_700.5, 2_100.5, 2_100.5, 3_500.5] {
            _ = try await store.pruneTrail(before: Date(timeIntervalSince1970: cutoff))
            let links = try await store.trailLinks(account: account, from: 1, limit: 5000)
            let expected = times.filter { 1_000 + $0 >= cutoff }.count
            XCTAssertEqual(links.count, expected, "after pruning before \(cutoff)")
            XCTAssertTrue(links.allSatisfy { $0.event.time.timeIntervalSince1970 >= cutoff })
        }
    }

    func testTheCallBoundToATaskCommitsWithItsFirstWriteOnly() async throws {
        let store = try SQLiteStore(path: path, recordTypes: RecordTypes.all)
        let created = event("CreateUser", at: 5)
        let call = TrailCall { _ in created }
        try await TrailCall.$current.withValue(call) {
            try await store.write { tx in
                tx.put(Account(id: account, createDate: Date(), rootEmail: "a@example.com", rootPassword: nil))
            }
            try await store.write { tx in
                tx.put(Account(id: other, createDate: Date(), rootEmail: "b@example.com", rootPassword: nil))
            }
        }
        XCTAssertTrue(call.isRecorded)
        let links = try await store.trailLinks(account: account, from: 1, limit: 10)
        XCTAssertEqual(links.map(\.event.eventName), ["CreateUser"])
    }

    func testACallWhoseWriteFailsIsNotRecorded() async throws {
        struct Refused: Error {}
        let store = try SQLiteStore(path: path, recordTypes: RecordTypes.all)
        let created = event("CreateUser", at: 5)
        let call = TrailCall { _ in created }
        await TrailCall.$current.withValue(call) {
            _ = try? await store.write { tx in
                tx.put(Account(id: account, createDate: Date(), rootEmail: "a@example.com", rootPassword: nil))
                throw Refused()
            }
        }
        XCTAssertFalse(call.isRecorded)
        let links = try await store.trailLinks(account: account, from: 1, limit: 10)
        XCTAssertTrue(links.isEmpty)
    }
}

extension SQLiteTrailTests {
    /// Lists of several batches overlap in time; pages must still come newest first, whole.
    func testPagesAcrossBatchesThatOverlapInTime() async throws {
        let store = try SQLiteStore(path: path, recordTypes: RecordTypes.all)
        var expected = [Double]()
        for batch in 0..<6 {
            // Each batch holds times from two spans, so consecutive lists interleave.
            let times = (0..<20).map { Double(batch * 10 + $0 % 10 + ($0 < 10 ? 0 : 35)) }
            store.recordTrail(times.map { event("GetUser", at: $0) })
            try await store.flushTrail()
            expected += times
        }
        var seen = [Double]()
        var cursor: TrailCursor?
        repeat {
            let page = try await store.lookupTrail(query((.eventName, "GetUser"), limit: 13, after: cursor))
            seen += page.events.map(\.time.timeIntervalSince1970)
            cursor = page.next
        } while cursor != nil
        XCTAssertEqual(seen.count, expected.count)
        XCTAssertEqual(seen, seen.sorted(by: >))
        XCTAssertEqual(seen, expected.sorted(by: >), "every event once")
    }
}

extension SQLiteTrailTests {
    /// A write's event is found by the next lookup, whose batch indexes it.
    func testAWritesEventIsIndexedByTheNextBatch() async throws {
        let store = try SQLiteStore(path: path, recordTypes: RecordTypes.all)
        try await store.write { tx in tx.record(event("CreateUser", at: 5)) }
        try await store.write { tx in tx.record(event("DeleteUser", at: 6)) }
        let page = try await store.lookupTrail(query((.username, "alice")))
        XCTAssertEqual(page.events.map(\.eventName), ["DeleteUser", "CreateUser"])
    }

    /// Events committed without their index (the process ended before the next batch) are indexed
    /// when the store opens again.
    func testEventsLeftUnindexedAreIndexedAtTheNextOpen() async throws {
        do {
            let store = try SQLiteStore(path: path, recordTypes: RecordTypes.all)
            store.recordTrail([event("GetUser", at: 1)])
            try await store.flushTrail()
            try await store.write { tx in tx.record(event("CreateUser", at: 5)) }
        }
        let reopened = try SQLiteStore(path: path, recordTypes: RecordTypes.all)
        let page = try await reopened.lookupTrail(query((.eventName, "CreateUser")))
        XCTAssertEqual(page.events.map(\.eventName), ["CreateUser"])
        let all = try await reopened.lookupTrail(query())
        XCTAssertEqual(all.events.map(\.eventName), ["CreateUser", "GetUser"])
    }
}
