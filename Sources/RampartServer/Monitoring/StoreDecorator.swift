import Foundation
import RampartCore
import RampartStore

/// A store that wraps another and changes only what it declares (its writes, as a rule): every
/// other requirement goes straight to `base`.
protocol StoreDecorator: Store {
    var base: any Store { get }
}

extension StoreDecorator {
    func snapshot() -> StoreSnapshot { base.snapshot() }
    func recordTrail(_ events: [TrailEvent]) { base.recordTrail(events) }
    func flushTrail() async throws { try await base.flushTrail() }
    func lookupTrail(_ query: TrailQuery) async throws -> TrailPage { try await base.lookupTrail(query) }
    func pruneTrail(before cutoff: Date) async throws -> Int { try await base.pruneTrail(before: cutoff) }
    func trailHead(account: AccountID) async throws -> TrailLink? { try await base.trailHead(account: account) }
    func appendTrailDigest(_ digest: TrailDigest) async throws { try await base.appendTrailDigest(digest) }
    func trailBacklog() -> TrailBacklog { base.trailBacklog() }
    func checkReady() async throws { try await base.checkReady() }
    func settle() async { await base.settle() }
    func takeSharedToken(_ name: String, rate: Double, capacity: Double) async throws -> Bool? {
        try await base.takeSharedToken(name, rate: rate, capacity: capacity)
    }
    func ensureResident(_ accounts: [AccountID]) async { await base.ensureResident(accounts) }
    var changePosition: Int64 { base.changePosition }
    func catchUp(to position: Int64) async { await base.catchUp(to: position) }
    func trailAccounts() async throws -> [AccountID] { try await base.trailAccounts() }
    func trailLinks(account: AccountID, from sequence: Int64, limit: Int) async throws -> [TrailLink] {
        try await base.trailLinks(account: account, from: sequence, limit: limit)
    }
    func trailDigests(account: AccountID) async throws -> [TrailDigest] {
        try await base.trailDigests(account: account)
    }
}
