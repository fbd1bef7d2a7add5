import Foundation
import Logging
import PostgresNIO
import RampartCore
import RampartStore

/// A PostgreSQL database's trail read without opening the store (no records loaded, no migration):
/// what `rampart audit verify` and `export` read with `--database`, beside running instances.
public final class PostgresTrailArchive: TrailExportSource {
    private let client: PostgresClient
    private let running: Task<Void, Never>
    private let rows: PostgresTrailRows
    private let logger: Logger

    public init(url: PostgresDatabaseURL, logger: Logger = Logger(label: "rampart.postgres")) throws {
        var configuration = try url.clientConfiguration()
        configuration.options.maximumConnections = 2
        client = PostgresClient(configuration: configuration, backgroundLogger: PostgresClient.oneShotLogger(logger))
        let client = client
        running = Task { await client.run() }
        rows = PostgresTrailRows(logger: logger)
        self.logger = logger
    }

    deinit {
        running.cancel()
    }

    public func trailAccounts() async throws -> [AccountID] {
        try await client.withConnection { connection in try await rows.accounts(on: connection) }
    }

    public func trailLinks(account: AccountID, from sequence: Int64, limit: Int) async throws -> [TrailLink] {
        try await client.withConnection { connection in
            try await rows.links(account: account, from: sequence, limit: limit, on: connection)
        }
    }

    public func trailDigests(account: AccountID) async throws -> [TrailDigest] {
        try await client.withConnection { connection in try await rows.digests(account: account, on: connection) }
    }

    /// The bodies (JSON, as the store writes them) of up to `limit` records of `kind`: how
    /// `audit verify` reads the signing key history a fleet keeps (`AuditSigningKeyHistory`).
    public func recordBodies(kind: RecordKind, limit: Int) async throws -> [Data] {
        try await client.withConnection { connection in
            var bodies = [Data]()
            let rows = try await connection.ask(
                "SELECT body FROM records WHERE kind = \(kind.name) LIMIT \(limit)", logger: logger)
            for try await body in rows.decode(ByteBuffer.self) { bodies.append(Data(buffer: body)) }
            return bodies
        }
    }

    /// Read a thousand at a time, so no connection is held while the caller writes files.
    public func trailEvents(
        account: AccountID, from start: Date, through end: Date, _ each: (TrailEvent) throws -> Void
    ) async throws {
        var after: Int64 = 0
        while true {
            let links = try await client.withConnection { connection in
                try await rows.events(
                    account: account, from: Int64(start.epochMilliseconds), through: Int64(end.epochMilliseconds),
                    after: after, limit: 1000, on: connection)
            }
            for link in links { try each(link.event) }
            guard links.count == 1000, let last = links.last else { return }
            after = last.sequence
        }
    }
}
