import Foundation
import RampartCore

/// Verifies a whole trail (or some accounts, or a period) read from an archive, one account and
/// one page at a time, so memory stays flat however long the chains are.
public struct TrailAudit: Sendable {
    /// The keys digests may be signed with: one, or the history of a rotated key.
    public var keys: TrailKeyHistory
    public var accounts: [AccountID]?
    /// The period to check: the digests whose periods overlap it, and the events they cover (and
    /// the events after the last digest, when the period reaches past it).
    public var start: Date?
    public var end: Date?
    public var pageSize = 10_000

    public init(key: TrailVerifyingKey, accounts: [AccountID]? = nil, start: Date? = nil, end: Date? = nil) {
        self.init(keys: TrailKeyHistory(single: key), accounts: accounts, start: start, end: end)
    }

    public init(keys: TrailKeyHistory, accounts: [AccountID]? = nil, start: Date? = nil, end: Date? = nil) {
        self.keys = keys
        self.accounts = accounts
        self.start = start
        self.end = end
    }

    public struct Report: Sendable {
        public var problems: [TrailProblem] = []
        public var notes: [String] = []
        public var accounts = 0
        public var events = 0
        public var digests = 0
    }

    public func run(on archive: any TrailArchive) async throws -> Report {
        var report = Report()
        var selected = accounts ?? []
        if accounts == nil { selected = try await archive.trailAccounts() }
        for account in selected {
            let digests = try await archive.trailDigests(account: account)
            let window = window(of: digests)
            var verifier = TrailChainVerifier(account: account, digests: digests, keys: keys, window: window)
            var next = window.lowerBound
            while true {
                let page = try await archive.trailLinks(account: account, from: next, limit: pageSize)
                verifier.check(page.filter { $0.sequence <= window.upperBound })
                guard page.count == pageSize, let last = page.last, last.sequence < window.upperBound else { break }
                next = last.sequence + 1
            }
            verifier.finish()
            report.problems += verifier.problems
            report.notes += verifier.notes
            report.accounts += 1
            report.events += verifier.events
            report.digests += digests.count
        }
        return report
    }

    /// The sequences `start`…`end` select through the digests' periods: all of them when no
    /// period is given.
    func window(of digests: [TrailDigest]) -> ClosedRange<Int64> {
        var lower: Int64 = 1
        var upper = Int64.max
        if let start {
            let millis = Int64(start.epochMilliseconds)
            if let first = digests.first(where: { $0.endMillis >= millis }) {
                lower = first.firstSequence
            } else if let last = digests.last {
                lower = last.lastSequence + 1
            }
        }
        if let end {
            let millis = Int64(end.epochMilliseconds)
            if let after = digests.first(where: { $0.endMillis >= millis }) {
                upper = after.lastSequence
            }
        }
        return lower...max(lower, upper)
    }
}
