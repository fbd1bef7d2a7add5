import Foundation
import RampartCore
import XCTest

@testable import RampartStore

/// Reads' events kept as facts, many to a row (blocks): read back as the events they were, each in its
/// place in the chain and the index, found by its id, exported, pruned, and each change to a block found
/// by verification.
final class SQLiteTrailBlockTests: SQLiteFileTestCase {
    let other = AccountID("210987654321")!
    let key = try! TrailSigningKey(rawRepresentation: Array(repeating: 7, count: 32))

    func store() throws -> SQLiteStore {
        try SQLiteStore(path: path, recordTypes: RecordTypes.all, renderer: TestFactsRenderer())
    }

    func read(_ name: String, at seconds: Double, account: AccountID? = nil, username: String = "alice") -> TrailEvent {
        TestEventSource(
            name: name, account: account ?? self.account, time: Date(timeIntervalSince1970: seconds),
            username: username
        ).pending
    }

    func written(_ name: String, at seconds: Double) -> TrailEvent {
        TestEventSource.made(
            name: name, account: account, time: Date(timeIntervalSince1970: seconds), username: "alice",
            id: UUID().uuidString.lowercased())
    }

    func query(
        _ attribute: (key: TrailAttribute, value: String)? = nil, account: AccountID? = nil, limit: Int = 50,
        after: TrailCursor? = nil
    ) -> TrailQuery {
        TrailQuery(
            scope: .account(account ?? self.account), attribute: attribute, start: Date(timeIntervalSince1970: 0),
            end: Date(timeIntervalSince1970: 1e9), limit: limit, after: after)
    }

    /// The trail's rows: how many events each holds.
    func rowCounts() throws -> [Int] {
        var counts: [Int] = []
        try SQLiteDatabase(path: path).prepare("SELECT count FROM trail_events ORDER BY position").forEachRow([]) {
            counts.append(Int($0.integer(0)))
        }
        return counts
    }

    /// Every event's time, through pages of 50, newest first.
    func pagedTimes(_ store: SQLiteStore) async throws -> [TimeInterval] {
        var seen: [TimeInterval] = []
        var after: TrailCursor?
        repeat {
            let page = try await store.lookupTrail(query(limit: 50, after: after))
            seen += page.events.map { $0.time.timeIntervalSince1970 }
            after = page.next
        } while after != nil
        return seen
    }

    func verify(_ store: SQLiteStore) async throws -> [TrailProblem] {
        try await TrailAudit(key: key.verifyingKey).run(on: store).problems
    }

    func testReadsOfOneAccountShareARowAndReadBackInChainOrder() async throws {
        let store = try store()
        store.recordTrail([read("GetUser", at: 1), read("ListUsers", at: 2), read("GetRole", at: 3, account: other)])
        try await store.flushTrail()
        try await store.write { tx in tx.record(written("CreateUser", at: 4)) }
        store.recordTrail([read("GetUser", at: 5, username: "bob")])
        try await store.flushTrail()

        XCTAssertEqual(try rowCounts(), [2, 1, 1, 1], "a block per account and batch; a write's event alone")
        let links = try await store.trailLinks(account: account, from: 1, limit: 10)
        XCTAssertEqual(links.map(\.event.eventName), ["GetUser", "ListUsers", "CreateUser", "GetUser"])
        XCTAssertEqual(links.map(\.sequence), [1, 2, 3, 4])
        for (before, after) in zip(links, links.dropFirst()) { XCTAssertEqual(after.previousHash, before.hash) }
        XCTAssertEqual(links[3].event.username, "bob")
        XCTAssertEqual(Set(links.map(\.event.eventId)).count, 4)
        XCTAssertTrue(links[0].event.body.contains(links[0].event.eventId), "the record names its id")
        let head = try await store.trailHead(account: account)
        XCTAssertEqual(head?.hash, links[3].hash)
        let others = try await store.trailLinks(account: other, from: 1, limit: 10)
        XCTAssertEqual(others.map(\.event.eventName), ["GetRole"])
        let problems = try await verify(store)
        XCTAssertEqual(problems, [])
    }

    func testLookupsFindBlockEventsByAttributeAndById() async throws {
        let store = try store()
        store.recordTrail((1...5).map { read("GetUser", at: Double($0), username: $0 % 2 == 0 ? "bob" : "alice") })
        try await store.write { tx in tx.record(written("CreateUser", at: 6)) }
        let page = try await store.lookupTrail(query((.username, "bob")))
        XCTAssertEqual(page.events.map { $0.time.timeIntervalSince1970 }, [4, 2])
        let all = try await store.lookupTrail(query())
        XCTAssertEqual(all.events.map(\.eventName), ["CreateUser"] + Array(repeating: "GetUser", count: 5))

        for event in all.events {
            let found = try await store.lookupTrail(query((.eventId, event.eventId)))
            XCTAssertEqual(found.events, [event], "by its id: \(event.eventName)")
        }
        // An id of the same shape naming a position a block holds, with another stem, names nothing.
        let id = all.events[1].eventId
        let forged = "00000000-0000-4000" + id.dropFirst(18)
        let forgedPage = try await store.lookupTrail(query((.eventId, String(forged))))
        XCTAssertEqual(forgedPage.events, [])
        let elsewhere = try await store.lookupTrail(query((.eventId, id), account: other))
        XCTAssertEqual(elsewhere.events, [])
    }

    func testBlocksHoldAtMost256EventsAndPagesCrossThem() async throws {
        let store = try store()
        store.recordTrail((0..<600).map { read("GetUser", at: 1_000 + Double($0)) })
        try await store.flushTrail()
        XCTAssertEqual(try rowCounts(), [256, 256, 88])
        let seen = try await pagedTimes(store)
        XCTAssertEqual(seen, (0..<600).reversed().map { 1_000 + Double($0) })
        let links = try await store.trailLinks(account: account, from: 250, limit: 10)
        XCTAssertEqual(links.map(\.sequence), Array(250...259), "a page of the chain starting inside a block")
        let problems = try await verify(store)
        XCTAssertEqual(problems, [])
    }

    func testABatchIsGroupedByAccountAndOrganizationInTheOrderEachFirstAppears() {
        var batch = SQLiteTrailFactsBatch()
        func add(_ account: AccountID, organization: String? = nil) {
            batch.add(
                TestEventSource(
                    name: "GetUser", account: account, time: Date(timeIntervalSince1970: 1),
                    organization: organization))
        }
        // A A B A A B A (A) A-in-an-organization, three to a block.
        for (account, organization) in [
            (account, nil), (account, nil), (other, nil), (account, nil), (account, nil), (other, nil), (account, nil),
            (account, "o-1"),
        ] as [(AccountID, String?)] {
            add(account, organization: organization)
        }
        XCTAssertEqual(batch.blocks(capacity: 3), [[0, 1, 3], [2, 5], [4, 6], [7]])
    }

    /// Reads end out of the order they began: a batch's times step back and forth.
    func testLookupsAreNewestFirstWhenABatchIsOutOfTimeOrder() async throws {
        let store = try store()
        var generator = SystemRandomNumberGenerator()
        let times = (0..<300).map { _ in 1_000 + Double(Int.random(in: 0..<100, using: &generator)) / 1000 }
        store.recordTrail(times.map { read("GetUser", at: $0) })
        try await store.flushTrail()
        let seen = try await pagedTimes(store)
        XCTAssertEqual(seen.count, 300)
        XCTAssertEqual(seen, seen.sorted(by: >))
    }

    func testPositionsGoOnAfterReopening() async throws {
        do {
            let store = try store()
            store.recordTrail([read("GetUser", at: 1), read("GetUser", at: 2)])
            try await store.flushTrail()
        }
        let store = try store()
        try await store.write { tx in tx.record(written("CreateUser", at: 3)) }
        store.recordTrail([read("ListUsers", at: 4)])
        try await store.flushTrail()
        let all = try await store.lookupTrail(query())
        XCTAssertEqual(all.events.map(\.eventName), ["ListUsers", "CreateUser", "GetUser", "GetUser"])
        let problems = try await verify(store)
        XCTAssertEqual(problems, [])
    }

    /// A database the version before blocks wrote (schema step 4, every event a row) is upgraded when opened:
    /// its events read and verify as before, and reads are kept in blocks after them.
    func testATrailFromBeforeBlocksIsUpgradedAndContinued() async throws {
        do {
            // Without a renderer: every event a row, as before blocks.
            let before = try SQLiteStore(path: path, recordTypes: RecordTypes.all)
            try await before.write { tx in tx.record(written("CreateUser", at: 1)) }
            before.recordTrail([read("GetUser", at: 2)])
            try await before.flushTrail()
        }
        let database = try SQLiteDatabase(path: path)
        for column in ["count", "end_time_ms", "block"] {
            try database.execute("ALTER TABLE trail_events DROP COLUMN \(column)")
        }
        try database.execute("DELETE FROM schema_version WHERE version > 4")
        XCTAssertEqual(try SQLiteMigrations.version(of: database), 4)

        let store = try store()
        store.recordTrail([read("ListUsers", at: 3), read("GetUser", at: 4)])
        try await store.flushTrail()
        XCTAssertEqual(try rowCounts(), [1, 1, 2])
        let links = try await store.trailLinks(account: account, from: 1, limit: 10)
        XCTAssertEqual(links.map(\.event.eventName), ["CreateUser", "GetUser", "ListUsers", "GetUser"])
        XCTAssertEqual(links.map { $0.facts != nil }, [false, false, true, true])
        let problems = try await verify(store)
        XCTAssertEqual(problems, [])
    }

    func testAnArchiveExportsTheBlockEventsWithinARange() async throws {
        let store = try store()
        store.recordTrail((1...10).map { read("GetUser", at: Double($0)) })
        try await store.flushTrail()
        let archive = try SQLiteTrailArchive(path: path, renderer: TestFactsRenderer())
        var times: [TimeInterval] = []
        try archive.trailEvents(
            account: account, from: Date(timeIntervalSince1970: 3), through: Date(timeIntervalSince1970: 6)
        ) { times.append($0.time.timeIntervalSince1970) }
        XCTAssertEqual(times, [3, 4, 5, 6])
        XCTAssertThrowsError(
            try SQLiteTrailArchive(path: path, renderer: nil).trailEvents(
                account: account, from: Date(timeIntervalSince1970: 0), through: Date(timeIntervalSince1970: 20)
            ) { _ in }
        ) { error in
            XCTAssertTrue("\(error)".contains("renderer"), "\(error)")
        }
    }

    func testRetentionDeletesABlockOnceAllItsEventsAreOld() async throws {
        let store = try store()
        store.recordTrail((1...4).map { read("GetUser", at: Double($0)) })
        try await store.flushTrail()
        store.recordTrail((5...8).map { read("GetUser", at: Double($0)) })
        try await store.flushTrail()
        let removed = try await store.pruneTrail(before: Date(timeIntervalSince1970: 4.5))
        XCTAssertEqual(removed, 1, "one row")
        let left = try await store.trailLinks(account: account, from: 1, limit: 20)
        XCTAssertEqual(left.map(\.sequence), [5, 6, 7, 8])
        let none = try await store.pruneTrail(before: Date(timeIntervalSince1970: 6))
        XCTAssertEqual(none, 0, "partly new: kept")
    }

    /// A block of reads named `names` (a second apart), written and read back from the database as stored.
    func storedBlock(_ names: [String]) async throws -> (database: SQLiteDatabase, blob: [UInt8]) {
        let store = try store()
        store.recordTrail(names.enumerated().map { read($1, at: Double($0 + 1)) })
        try await store.flushTrail()
        let database = try SQLiteDatabase(path: path)
        var blob: [UInt8] = []
        try database.prepare("SELECT block FROM trail_events").forEachRow([]) { blob = $0.blob(0) }
        return (database, blob)
    }

    /// Each way of changing a block is found, and names the event it changed.
    func testVerificationFindsAnEditedEventInsideABlock() async throws {
        let (database, blob) = try await storedBlock(["GetUser", "GetRole", "ListUsers"])
        // The second event's name: "GetRole" becomes "GetRule" (the block keeps "Role": the first event's
        // facts begin with the same length and "Get").
        guard let at = blob.firstRange(of: Array("Role".utf8)) else { return XCTFail("no Role in the block") }
        var edited = blob
        edited[at.lowerBound + 1] = UInt8(ascii: "u")
        try database.prepare("UPDATE trail_events SET block = ?").run([.blob(edited)])
        let problems = try await verify(try self.store())
        XCTAssertEqual(problems.map(\.kind), [.edited])
        XCTAssertEqual(problems.first?.sequence, 2)
    }

    func testVerificationFindsAnEventRemovedFromABlock() async throws {
        let (database, blob) = try await storedBlock(["GetUser", "GetUser", "GetUser"])
        // Rebuild the block without its second event.
        let block = try SQLiteTrailBlock(bytes: blob, count: 3)
        var writer = SQLiteTrailBlock.Writer(reusing: [], stem: block.ids.stem, count: 2)
        for entry in [block.entries[0], block.entries[2]] { writer.append(hash: Array(entry.hash), facts: entry.facts) }
        // The row moved back one position too, so the events before the one removed keep their ids.
        try database.prepare("UPDATE trail_events SET block = ?, count = 2, sequence = 2, position = position - 1")
            .run([.blob(writer.finish())])
        let problems = try await verify(try self.store())
        // Inside a block an event's previous hash is its neighbour's, so the one after the gap no longer
        // hashes to what is stored: named where the chain first differs.
        XCTAssertEqual(problems.map(\.kind), [.edited], "\(problems)")
        XCTAssertEqual(problems.first?.sequence, 2, "\(problems)")
    }

    /// A run of one caller's reads differs in little but the time: each event keeps only what differs from
    /// the one before it, and reads back whole.
    func testEachEventKeepsWhatDiffersFromTheOneBeforeIt() async throws {
        let (_, blob) = try await storedBlock(Array(repeating: "GetUser", count: 100))
        let block = try SQLiteTrailBlock(bytes: blob, count: 100)
        let whole = block.entries.reduce(0) { $0 + 32 + $1.facts.count }
        XCTAssertLessThan(blob.count, whole * 3 / 4, "\(blob.count) bytes stored for \(whole) of hashes and facts")
        let store = try store()
        let links = try await store.trailLinks(account: account, from: 1, limit: 200)
        XCTAssertEqual(links.map(\.event.time.timeIntervalSince1970), (1...100).map { Double($0) })
        let problems = try await verify(store)
        XCTAssertEqual(problems, [])
    }

    /// Blocks the version before wrote (version 1: every event's facts whole) still read and verify.
    func testABlockOfTheFirstVersionStillReads() async throws {
        let (database, blob) = try await storedBlock(["GetUser", "GetRole", "ListUsers"])
        let block = try SQLiteTrailBlock(bytes: blob, count: 3)
        var first = FactsWriter()
        first.write(fixed: [1] + block.ids.stem)
        first.writeLength(3)
        for entry in block.entries {
            first.write(fixed: entry.hash)
            first.write(bytes: entry.facts)
        }
        try database.prepare("UPDATE trail_events SET block = ?").run([.blob(first.bytes)])
        let reopened = try self.store()
        let links = try await reopened.trailLinks(account: account, from: 1, limit: 10)
        XCTAssertEqual(links.map(\.event.eventName), ["GetUser", "GetRole", "ListUsers"])
        let problems = try await verify(reopened)
        XCTAssertEqual(problems, [])
    }

    /// A block that says an event shares more bytes with the one before it than that one has is refused.
    func testABlockSharingMoreThanTheEventBeforeHoldsIsRefused() throws {
        var writer = FactsWriter()
        writer.write(fixed: [SQLiteTrailBlock.version] + [UInt8](repeating: 0, count: 8))
        writer.writeLength(2)
        writer.write(fixed: [UInt8](repeating: 0, count: 32))
        writer.writeLength(0)
        writer.writeLength(0)
        writer.write(bytes: Array("abc".utf8))
        writer.write(fixed: [UInt8](repeating: 0, count: 32))
        writer.writeLength(2)
        writer.writeLength(2)
        writer.write(bytes: [])
        XCTAssertThrowsError(try SQLiteTrailBlock(bytes: writer.bytes, count: 2))
    }
}
