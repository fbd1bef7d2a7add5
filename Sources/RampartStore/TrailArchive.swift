import Foundation
import RampartCore

/// What verifying a trail reads: its accounts, their hash chains page by page, and their signed
/// digests. The store is one (`Store` refines it); `SQLiteTrailArchive` is another, read-only,
/// for `rampart audit verify` beside a running server.
public protocol TrailArchive: Sendable {
    /// Every account with events in the trail.
    func trailAccounts() async throws -> [AccountID]
    /// Up to `limit` links of one account's hash chain from `sequence` on, in chain order.
    func trailLinks(account: AccountID, from sequence: Int64, limit: Int) async throws -> [TrailLink]
    /// Every digest of one account, by number.
    func trailDigests(account: AccountID) async throws -> [TrailDigest]
}

/// A trail that can also be read in time order for export (`rampart audit export`).
public protocol TrailExportSource: TrailArchive {
    /// One account's events whose time is within `start...end`, in the order they were written.
    func trailEvents(account: AccountID, from start: Date, through end: Date, _ each: (TrailEvent) throws -> Void)
        async throws
}
