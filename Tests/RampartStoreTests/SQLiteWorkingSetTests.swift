import Foundation
import RampartCore
import XCTest

@testable import RampartStore

/// The working-set mode of the SQLite store: accounts load on first use, the least recently used are
/// evicted over the budget, and no answer depends on what is loaded.
final class SQLiteWorkingSetTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("rampart-ws-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    var path: String { folder.appendingPathComponent("test.db").path }
    let accounts = ["111111111111", "222222222222", "333333333333"].map { AccountID($0)! }

    func user(_ name: String, in account: AccountID) -> User {
        User(
            account: account, name: name, id: UniqueID.make(.user), path: "/",
            createDate: Date(timeIntervalSince1970: 1000))
    }

    /// Three accounts of two users each, written by a store that holds everything; returns the stored
    /// bytes of one account (every account's records are the same size).
    @discardableResult
    func seed() async throws -> Int {
        let store = try SQLiteStore(path: path, recordTypes: RecordTypes.all)
        try await store.write { tx in
            for account in accounts {
                tx.put(
                    Account(
                        id: account, createDate: Date(), rootEmail: "root@\(account.rawValue).test", rootPassword: nil))
                tx.put(user("alice", in: account))
                tx.put(user("bob", in: account))
            }
        }
        let codec = RecordCodec(recordTypes: RecordTypes.all)
        return try [user("alice", in: accounts[0]), user("bob", in: accounts[0])].map { try codec.encode($0).count }
            .reduce(0, +)
    }

    /// A budget that holds `count` accounts of the seed and not one more.
    func budget(accounts count: Int, accountBytes: Int) -> Int {
        count * accountBytes * WorkingSet.bytesInMemoryPerStoredByte + accountBytes
    }

    func names(_ snapshot: StoreSnapshot, _ account: AccountID) -> [String] {
        snapshot.all(User.self, account: account.rawValue).map(\.name).sorted()
    }

    func testTheDefaultHoldsEveryRecordAndHasNoResidency() async throws {
        try await seed()
        let store = try SQLiteStore(path: path, recordTypes: RecordTypes.all)
        XCTAssertNil(store.snapshot().residentAccounts)
        XCTAssertEqual(names(store.snapshot(), accounts[1]), ["alice", "bob"])
    }

    func testAColdAccountAnswersFromTheDatabaseThenLoadsOnUse() async throws {
        try await seed()
        let store = try SQLiteStore(path: path, recordTypes: RecordTypes.all, memoryBudget: 1 << 30)
        let cold = store.snapshot()
        XCTAssertEqual(cold.residentAccounts, [:])
        // Accounts are global: all of them are in memory from the start.
        XCTAssertEqual(cold.allAccounts().map(\.id), accounts)
        XCTAssertEqual(cold.get(User.self, User.key(accounts[0], "alice"))?.name, "alice")
        XCTAssertNil(cold.get(User.self, User.key(accounts[0], "carol")))
        XCTAssertEqual(names(cold, accounts[0]), ["alice", "bob"])
        XCTAssertEqual(cold.count(User.self, account: accounts[0].rawValue), 2)
        XCTAssertEqual(cold.all(User.self).count, 6)
        XCTAssertFalse(cold.isEmpty(User.self))
        XCTAssertTrue(cold.isEmpty(Role.self))

        await store.ensureResident([accounts[0]])
        let warm = store.snapshot()
        XCTAssertEqual(Set(warm.residentAccounts?.keys ?? [:].keys), [accounts[0].rawValue])
        XCTAssertEqual(names(warm, accounts[0]), ["alice", "bob"])
        XCTAssertEqual(warm.all(User.self).count, 6)
        // Loading changes no record, so caches keyed by the generation stay valid.
        XCTAssertEqual(warm.generation, cold.generation)
    }

    func testTheLeastRecentlyUsedAccountIsEvictedOverTheBudgetAndStillAnswers() async throws {
        let bytes = try await seed()
        let store = try SQLiteStore(
            path: path, recordTypes: RecordTypes.all, memoryBudget: budget(accounts: 2, accountBytes: bytes))
        await store.ensureResident([accounts[0]])
        await store.ensureResident([accounts[1]])
        // A use of the first makes the second the least recently used.
        await store.ensureResident([accounts[0]])
        await store.ensureResident([accounts[2]])
        let snapshot = store.snapshot()
        XCTAssertEqual(Set(snapshot.residentAccounts?.keys ?? [:].keys), [accounts[0].rawValue, accounts[2].rawValue])
        for account in accounts { XCTAssertEqual(names(snapshot, account), ["alice", "bob"]) }
        XCTAssertEqual(snapshot.get(User.self, User.key(accounts[1], "bob"))?.name, "bob")
    }

    func testASnapshotTakenBeforeAnEvictionKeepsItsRecords() async throws {
        let bytes = try await seed()
        let store = try SQLiteStore(
            path: path, recordTypes: RecordTypes.all, memoryBudget: budget(accounts: 1, accountBytes: bytes))
        await store.ensureResident([accounts[0]])
        let held = store.snapshot()
        await store.ensureResident([accounts[1]])
        XCTAssertEqual(Set(store.snapshot().residentAccounts?.keys ?? [:].keys), [accounts[1].rawValue])
        // A request's snapshot is a value: eviction publishes a new one and leaves it whole.
        XCTAssertEqual(Set(held.residentAccounts?.keys ?? [:].keys), [accounts[0].rawValue])
        XCTAssertEqual(held.tables[User.kind]?.byAccount[accounts[0].rawValue]?.count, 2)
    }

    func testAWriteToAColdAccountSeesItWholeAndLeavesItResident() async throws {
        try await seed()
        let store = try SQLiteStore(path: path, recordTypes: RecordTypes.all, memoryBudget: 1 << 30)
        await store.ensureResident([accounts[0]])
        let counted = try await store.write { tx in
            tx.put(self.user("carol", in: self.accounts[1]))
            // The limit checks of a write count the account's records, the stored ones included.
            return tx.count(User.self, account: self.accounts[1].rawValue)
        }
        XCTAssertEqual(counted, 3)
        let snapshot = store.snapshot()
        XCTAssertEqual(Set(snapshot.residentAccounts?.keys ?? [:].keys), [accounts[0].rawValue, accounts[1].rawValue])
        XCTAssertEqual(names(snapshot, accounts[1]), ["alice", "bob", "carol"])
        // The account read, not written, stays as it was.
        XCTAssertEqual(names(snapshot, accounts[0]), ["alice", "bob"])
    }

    func testADeleteInAColdAccountIsSeenByReadsAndAfterReopening() async throws {
        try await seed()
        let store = try SQLiteStore(path: path, recordTypes: RecordTypes.all, memoryBudget: 1 << 30)
        try await store.write { tx in tx.delete(User.self, User.key(self.accounts[2], "alice")) }
        XCTAssertEqual(names(store.snapshot(), accounts[2]), ["bob"])
        XCTAssertNil(store.snapshot().get(User.self, User.key(accounts[2], "alice")))
        let reopened = try SQLiteStore(path: path, recordTypes: RecordTypes.all, memoryBudget: 1 << 30)
        XCTAssertEqual(names(reopened.snapshot(), accounts[2]), ["bob"])
    }

    func testAWriteIsReadBackAfterItsAccountWasEvicted() async throws {
        let bytes = try await seed()
        let store = try SQLiteStore(
            path: path, recordTypes: RecordTypes.all, memoryBudget: budget(accounts: 1, accountBytes: bytes + 400))
        try await store.write { tx in tx.put(self.user("dave", in: self.accounts[0])) }
        await store.ensureResident([accounts[1]])
        await store.ensureResident([accounts[2]])
        let snapshot = store.snapshot()
        XCTAssertNil(snapshot.residentAccounts?[accounts[0].rawValue])
        XCTAssertEqual(names(snapshot, accounts[0]), ["alice", "bob", "dave"])
        await store.ensureResident([accounts[0]])
        XCTAssertEqual(names(store.snapshot(), accounts[0]), ["alice", "bob", "dave"])
    }

    func testTheBudgetCountsWhatWritesAddedToAResidentAccount() async throws {
        let bytes = try await seed()
        let store = try SQLiteStore(
            path: path, recordTypes: RecordTypes.all, memoryBudget: budget(accounts: 2, accountBytes: bytes))
        await store.ensureResident([accounts[0]])
        await store.ensureResident([accounts[1]])
        // The first account grows past what two seeded accounts take: the other one has to go.
        try await store.write { tx in
            for number in 0..<4 { tx.put(self.user("grown-\(number)", in: self.accounts[0])) }
        }
        let resident = store.snapshot().residentAccounts ?? [:]
        XCTAssertEqual(Set(resident.keys), [accounts[0].rawValue])
        XCTAssertGreaterThan(resident[accounts[0].rawValue] ?? 0, 2 * bytes)
        XCTAssertEqual(names(store.snapshot(), accounts[1]), ["alice", "bob"])
    }

    func testCrossAccountReadsInATransactionSeeItsOwnChanges() async throws {
        try await seed()
        let store = try SQLiteStore(path: path, recordTypes: RecordTypes.all, memoryBudget: 1 << 30)
        let seen = try await store.write { tx in
            tx.put(self.user("erin", in: self.accounts[1]))
            tx.delete(User.self, User.key(self.accounts[2], "bob"))
            return tx.snapshot.all(User.self).map { "\($0.account.rawValue)/\($0.name)" }.sorted()
        }
        XCTAssertEqual(seen.count, 6)
        XCTAssertTrue(seen.contains("222222222222/erin"))
        XCTAssertFalse(seen.contains("333333333333/bob"))
    }

    func testEvictionOrderIsLeastRecentlyUsedAndSparesTheRequestsAccounts() {
        var set = WorkingSet(budget: 2 * 100 * WorkingSet.bytesInMemoryPerStoredByte)
        set.touch(["a", "b", "c"])
        set.touch(["a"])
        let resident = ["a": 100, "b": 100, "c": 100]
        XCTAssertEqual(set.victims(resident: resident, keeping: []), ["b"])
        XCTAssertEqual(set.victims(resident: ["a": 100, "c": 100], keeping: []), [])
        // The accounts of the request being served stay, even when least recently used.
        XCTAssertEqual(set.victims(resident: resident, keeping: ["b"]), ["c"])
    }
}
