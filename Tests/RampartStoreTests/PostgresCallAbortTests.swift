import Foundation
import Logging
import NIOPosix
import PostgresNIO
import RampartStore
import XCTest

@testable import RampartPostgres

/// `CallAbort`: a query its connection will never answer is given up when the call is aborted, and
/// later queries of the call are refused at once. A query that does not answer for a minute
/// (`pg_sleep`) stands in for one the connection lost.
final class PostgresCallAbortTests: XCTestCase {
    func testAnAbortedCallStopsWaitingForItsQueryAndSendsNoMore() async throws {
        guard let admin = ProcessInfo.processInfo.environment["RAMPART_TEST_POSTGRES_URL"], !admin.isEmpty else {
            throw XCTSkip("RAMPART_TEST_POSTGRES_URL is not set (scripts/test sets it)")
        }
        let logger = Logger(label: "test")
        let url = try PostgresDatabaseURL(admin + "?sslmode=disable")
        let connection = try await PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.next(), configuration: try url.connectionConfiguration(), id: 1,
            logger: logger)
        let abort = CallAbort()
        let started = ContinuousClock.now
        let waiting = Task {
            try await CallAbort.$current.withValue(abort) {
                _ = try await connection.ask("SELECT 1", logger: logger)  // answered as usual
                _ = try await connection.ask("SELECT pg_sleep(60)", logger: logger)
            }
        }
        try await Task.sleep(for: .milliseconds(300))
        XCTAssertEqual(abort.abort(StoreError.database("given up")).map { $0.hasPrefix("SELECT pg_sleep") }, true)
        do {
            try await waiting.value
            XCTFail("the aborted query answered")
        } catch let error as StoreError {
            XCTAssertEqual("\(error)", "\(StoreError.database("given up"))")
        }
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(5))
        do {
            _ = try await CallAbort.$current.withValue(abort) { try await connection.ask("SELECT 1", logger: logger) }
            XCTFail("an aborted call sent another query")
        } catch let error as StoreError {
            XCTAssertEqual("\(error)", "\(StoreError.database("given up"))")
        }
        try await connection.close()
    }
}
