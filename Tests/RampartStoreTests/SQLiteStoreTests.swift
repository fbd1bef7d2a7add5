import Foundation
import RampartCore
import RampartStore
import XCTest

final class SQLiteStoreTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("rampart-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    var path: String { folder.appendingPathComponent("test.db").path }
    let account = AccountID("123456789012")!

    func user(_ name: String) -> User {
        User(
            account: account, name: name, id: UniqueID.make(.user), path: "/",
            createDate: Date(timeIntervalSince1970: 1000))
    }

    func testATransactionNamesTheAccountsWhoseRecordsItChanged() async throws {
        let store = try SQLiteStore(path: path, recordTypes: RecordTypes.all)
        try await store.write { tx in tx.put(user("kept")) }
        let other = AccountID("210987654321")!
        let changed = try await store.write { tx in
            XCTAssertEqual(tx.changedAccounts, [:])
            var moved = user("moved")
            moved.account = other
            tx.put(moved)
            tx.delete(User.self, User.key(account, "kept"))
            // Deleting what is not there changes no account.
            tx.delete(Group.self, Group.key(account, "none"))
            return tx.changedAccounts
        }
        XCTAssertEqual(changed, [User.kind: [other.rawValue, account.rawValue]])
    }

    func testEveryCommitPublishesTheNextGeneration() async throws {
        let store = try SQLiteStore(path: path, recordTypes: RecordTypes.all)
        let start = store.snapshot().generation
        try await store.write { tx in tx.put(user("a")) }
        XCTAssertEqual(store.snapshot().generation, start + 1)
        // A write that changes nothing commits nothing, so derived caches stay valid.
        try await store.write { _ in }
        XCTAssertEqual(store.snapshot().generation, start + 1)
        struct Refused: Error {}
        do {
            try await store.write { tx in
                tx.put(user("b"))
                throw Refused()
            }
            XCTFail("the write should have thrown")
        } catch is Refused {}
        XCTAssertEqual(store.snapshot().generation, start + 1)
        try await store.write { tx in tx.delete(User.self, User.key(account, "a")) }
        XCTAssertEqual(store.snapshot().generation, start + 2)
    }

    func testWritesAreVisibleAndSurviveReopening() async throws {
        let store = try SQLiteStore(path: path, recordTypes: RecordTypes.all)
        try await store.write { tx in
            tx.put(user("Alice"))
            tx.put(user("bob"))
        }
        XCTAssertEqual(store.snapshot().get(User.self, User.key(account, "ALICE"))?.name, "Alice")
        XCTAssertEqual(store.snapshot().count(User.self, account: account.rawValue), 2)

        let reopened = try SQLiteStore(path: path, recordTypes: RecordTypes.all)
        XCTAssertEqual(
            reopened.snapshot().all(User.self, account: account.rawValue).map(\.name).sorted(), ["Alice", "bob"])
        XCTAssertEqual(
            reopened.snapshot().get(User.self, User.key(account, "alice"))?.createDate,
            Date(timeIntervalSince1970: 1000))
    }

    func testFailedWriteChangesNothing() async throws {
        let store = try SQLiteStore(path: path, recordTypes: RecordTypes.all)
        try await store.write { tx in tx.put(user("keep")) }
        do {
            try await store.write { tx in
                tx.put(user("half"))
                tx.delete(User.self, User.key(account, "keep"))
                throw AWSError.limitExceeded("stop")
            }
            XCTFail("the write should have thrown")
        } catch let error as AWSError {
            XCTAssertEqual(error.code, "LimitExceeded")
        }
        XCTAssertNotNil(store.snapshot().get(User.self, User.key(account, "keep")))
        XCTAssertNil(store.snapshot().get(User.self, User.key(account, "half")))
        let reopened = try SQLiteStore(path: path, recordTypes: RecordTypes.all)
        XCTAssertEqual(reopened.snapshot().all(User.self, account: account.rawValue).map(\.name), ["keep"])
    }

    func testSnapshotsAreStable() async throws {
        let store = try SQLiteStore(path: path, recordTypes: RecordTypes.all)
        let before = store.snapshot()
        try await store.write { tx in tx.put(user("later")) }
        XCTAssertNil(before.get(User.self, User.key(account, "later")))
        XCTAssertNotNil(store.snapshot().get(User.self, User.key(account, "later")))
    }

    /// Concurrent writers that each check a limit before inserting: exactly the limit wins.
    func testConcurrentWritesRespectALimit() async throws {
        let store = try SQLiteStore(path: path, recordTypes: RecordTypes.all)
        let account = account
        let results = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<20 {
                group.addTask {
                    do {
                        try await store.write { tx in
                            guard tx.count(User.self, account: account.rawValue) < 5 else {
                                throw AWSError.limitExceeded("full")
                            }
                            tx.put(
                                User(
                                    account: account, name: "u\(index)", id: "AIDA\(index)", path: "/",
                                    createDate: Date()))
                        }
                        return true
                    } catch {
                        return false
                    }
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        XCTAssertEqual(results.filter { $0 }.count, 5)
        XCTAssertEqual(store.snapshot().count(User.self, account: account.rawValue), 5)
    }

    func testUnknownKindFailsLoudly() async throws {
        let store = try SQLiteStore(path: path, recordTypes: RecordTypes.all)
        try await store.write { tx in tx.put(user("x")) }
        XCTAssertThrowsError(try SQLiteStore(path: path, recordTypes: [Account.self]))
    }
}
