import Foundation
import RampartCore

/// The trail read from outside the server that owns it: no lock taken, nothing written, so an
/// export can run beside a server that keeps serving. Each engine opens its own read-only view.
public protocol TrailArchive: Sendable {
    /// Every account with events in the trail.
    func trailAccounts() throws -> [AccountID]
    /// One account's events whose time is within `start...end`, in the order they were written.
    func trailEvents(account: AccountID, from start: Date, through end: Date, _ each: (TrailEvent) throws -> Void)
        throws
}
