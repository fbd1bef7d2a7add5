import Dispatch
import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import RampartCore
import RampartStore
import Synchronization

/// Reads stored records for the working-set mode on PostgreSQL: the reads of accounts an instance
/// does not hold (another account's role, an organization-wide report, a key of an account not yet
/// loaded). Snapshot reads cannot await, so the calling thread waits for the answer. The read runs
/// on a connection and an event loop of this source's own, never on the loops that serve requests
/// and run Swift concurrency's tasks: a request thread waiting here cannot hold up the read it
/// waits for. A read that fails or takes longer than `timeout` answers as if nothing were stored,
/// as SQLite's source does (snapshot reads cannot throw).
final class PostgresRecordSource: RecordSource {
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private let configuration: PostgresConnection.Configuration
    private let connection = Mutex<EventLoopFuture<PostgresConnection>?>(nil)
    private let codec: RecordCodec
    /// The kinds an account's load reads (every registered kind but the global ones).
    private let partitioned: [String]
    private let logger: Logger
    static let timeout: DispatchTimeInterval = .seconds(10)

    init(configuration: PostgresConnection.Configuration, codec: RecordCodec, partitioned: [RecordKind], logger: Logger)
    {
        self.configuration = configuration
        self.codec = codec
        self.partitioned = partitioned.map(\.name)
        self.logger = logger
    }

    deinit {
        if let future = connection.withLock({ $0 }) {
            future.whenSuccess { connection in let _: EventLoopFuture<Void> = connection.close() }
        }
        group.shutdownGracefully { _ in }
    }

    func record(kind: RecordKind, key: String) -> (any Record)? {
        let rows = run("SELECT body FROM records WHERE kind = \(kind.name) AND key = \(key)")
        guard let row = rows?.first, let body = try? row.decode(ByteBuffer.self) else { return nil }
        return try? codec.decode(kind: kind.name, key: key, body: Data(buffer: body))
    }

    func records(kind: RecordKind, account: String) -> [any Record] {
        decode(kind: kind, run("SELECT key, body FROM records WHERE kind = \(kind.name) AND account = \(account)"))
    }

    func count(kind: RecordKind, account: String) -> Int {
        let rows = run(
            "SELECT COUNT(*)::BIGINT FROM records WHERE kind = \(kind.name) AND account = \(account)")
        return rows?.first.flatMap { try? $0.decode(Int64.self) }.map(Int.init) ?? 0
    }

    func records(kind: RecordKind) -> [any Record] {
        decode(kind: kind, run("SELECT key, body FROM records WHERE kind = \(kind.name)"))
    }

    /// Every record of an account that its load reads: (kind, key, body) rows.
    func accountQuery(_ account: String) -> PostgresQuery {
        "SELECT kind, key, body FROM records WHERE kind = ANY(\(partitioned)) AND account = \(account)"
    }

    /// The stored size of each of `accounts` that has records: (account, bytes) rows.
    func storedBytesQuery(_ accounts: [String]) -> PostgresQuery {
        """
        SELECT account, COALESCE(SUM(octet_length(body)), 0)::BIGINT FROM records
        WHERE kind = ANY(\(partitioned)) AND account = ANY(\(accounts)) GROUP BY account
        """
    }

    func accountRecords(_ account: String) -> (records: [any Record], bytes: Int)? {
        guard let rows = run(accountQuery(account)) else { return nil }
        var records = [any Record]()
        var bytes = 0
        for row in rows {
            guard let (kind, key, body) = try? row.decode((String, String, ByteBuffer).self),
                let record = try? codec.decode(kind: kind, key: key, body: Data(buffer: body))
            else { return nil }
            bytes += body.readableBytes
            records.append(record)
        }
        return (records, bytes)
    }

    func storedBytes(_ account: String) -> Int? {
        guard let rows = run(storedBytesQuery([account])) else { return nil }
        guard let row = rows.first else { return 0 }  // no records of these kinds
        return (try? row.decode((String, Int64).self)).map { Int($0.1) }
    }

    private func decode(kind: RecordKind, _ rows: [PostgresRow]?) -> [any Record] {
        (rows ?? []).compactMap { row in
            guard let (key, body) = try? row.decode((String, ByteBuffer).self) else { return nil }
            return try? codec.decode(kind: kind.name, key: key, body: Data(buffer: body))
        }
    }

    /// Runs `query` on this source's connection (connecting first if needed) and waits for its rows;
    /// nil when it failed or timed out, after which the next read connects afresh.
    private func run(_ query: PostgresQuery) -> [PostgresRow]? {
        let logger = logger
        let pending = connection.withLock { current in
            if let current { return current }
            let connecting = PostgresConnection.connect(
                on: group.next(), configuration: configuration, id: 0, logger: logger)
            current = connecting
            return connecting
        }
        let answer = Mutex<Result<[PostgresRow], any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        pending.flatMap { $0.query(query, logger: logger) }.whenComplete { result in
            answer.withLock { $0 = result.map { Array($0.rows) } }
            done.signal()
        }
        let outcome = done.wait(timeout: .now() + Self.timeout) == .success ? answer.withLock { $0 } : nil
        guard case .success(let rows) = outcome else {
            logger.warning("reading a record that is not in memory failed: \(outcome.map { "\($0)" } ?? "timed out")")
            connection.withLock { current in
                if current === pending { current = nil }
            }
            pending.whenSuccess { connection in let _: EventLoopFuture<Void> = connection.close() }
            return nil
        }
        return rows
    }
}
