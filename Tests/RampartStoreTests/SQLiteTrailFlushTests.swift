import Dispatch
import Foundation
import RampartCore
import RampartStore
import XCTest

/// How a batch of queued (pending) events is written: made outside the store's writer lock, appended
/// in the order batches were taken.
class SQLiteTrailFlushTests: SQLiteFileTestCase {
    /// None: the batch's events are made as records.
    var renderer: (any TrailFactsRenderer)? { nil }

    /// A pending event named `name` whose making signals `started`, then waits for `proceed`.
    func blockingEvent(_ name: String, started: DispatchSemaphore, proceed: DispatchSemaphore) -> TrailEvent {
        TestEventSource(name: name, account: account, time: Date(timeIntervalSince1970: 100)) {
            started.signal()
            proceed.wait()
        }.pending
    }

    /// Waits for `semaphore` without holding a thread of the concurrency pool.
    func waitOff(_ semaphore: DispatchSemaphore) async {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                semaphore.wait()
                continuation.resume()
            }
        }
    }

    /// A store whose flush has taken a batch of one event, `name`, and is making it until `proceed`
    /// is signalled.
    func flushHeldWhileMaking(
        _ name: String
    ) async throws -> (store: SQLiteStore, proceed: DispatchSemaphore, flush: Task<Void, any Error>) {
        let store = try SQLiteStore(path: path, recordTypes: RecordTypes.all, renderer: renderer)
        let started = DispatchSemaphore(value: 0)
        let proceed = DispatchSemaphore(value: 0)
        store.recordTrail([blockingEvent(name, started: started, proceed: proceed)])
        let flush = Task.detached { try await store.flushTrail() }
        await waitOff(started)
        return (store, proceed, flush)
    }

    func testAWriteDoesNotWaitWhileABatchIsMade() async throws {
        let (store, proceed, flush) = try await flushHeldWhileMaking("GetUser")

        // The batch's event is being made: a write goes through meanwhile.
        let wrote = expectation(description: "the write committed while the batch was made")
        let account = account
        let write = Task.detached {
            try await store.write { transaction in
                transaction.put(
                    Account(id: account, createDate: Date(), rootEmail: "a@example.com", rootPassword: nil))
            }
            wrote.fulfill()
        }
        await fulfillment(of: [wrote], timeout: 10)
        proceed.signal()
        try await write.value
        try await flush.value

        let links = try await store.trailLinks(account: account, from: 1, limit: 10)
        XCTAssertEqual(links.map(\.event.eventName), ["GetUser"])
        XCTAssertNotNil(store.snapshot().get(Account.self, account.rawValue))
    }

    func testBatchesAreAppendedInTheOrderTheyWereTaken() async throws {
        let (store, proceed, first) = try await flushHeldWhileMaking("First")

        // The first batch is taken and being made; a second batch, queued now, must wait behind it.
        let account = account
        store.recordTrail([
            TestEventSource(name: "Second", account: account, time: Date(timeIntervalSince1970: 101)).pending
        ])
        let second = Task.detached { try await store.flushTrail() }
        try await Task.sleep(for: .milliseconds(200))
        proceed.signal()
        try await first.value
        try await second.value

        let links = try await store.trailLinks(account: account, from: 1, limit: 10)
        XCTAssertEqual(links.map(\.event.eventName), ["First", "Second"])
        XCTAssertEqual(links.map(\.sequence), [1, 2])
        XCTAssertEqual(links[1].previousHash, links[0].hash)
    }
}

/// The same with the batch's events kept as facts (in blocks): their facts are written outside the lock.
final class SQLiteTrailFlushFactsTests: SQLiteTrailFlushTests {
    override var renderer: (any TrailFactsRenderer)? { TestFactsRenderer() }
}
