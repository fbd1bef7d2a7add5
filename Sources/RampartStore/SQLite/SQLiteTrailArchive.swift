import Foundation
import RampartCore

/// A trail read from a database file on a read-only connection, without opening the store: what
/// `rampart audit verify` reads while a server may be writing the same file (WAL lets it).
public final class SQLiteTrailArchive: TrailExportSource {
    private let reader: SQLiteTrailReader

    /// `renderer` makes the events kept as facts (reads') back into events.
    public init(path: String, renderer: (any TrailFactsRenderer)?) throws {
        reader = try SQLiteTrailReader(path: path, renderer: renderer)
    }

    public func trailAccounts() async throws -> [AccountID] {
        try reader.accounts()
    }

    public func trailLinks(account: AccountID, from sequence: Int64, limit: Int) async throws -> [TrailLink] {
        try reader.links(account: account, from: sequence, limit: limit)
    }

    public func trailDigests(account: AccountID) async throws -> [TrailDigest] {
        try reader.digests(account: account)
    }

    /// One account's events whose time is within `start...end`, in the order they were written (exports).
    public func trailEvents(
        account: AccountID, from start: Date, through end: Date, _ each: (TrailEvent) throws -> Void
    ) throws {
        try reader.trailEvents(account: account, from: start, through: end, each)
    }
}
