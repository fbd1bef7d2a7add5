import Foundation
import RampartCore

/// Makes each account's next digest: the events appended since its previous digest, signed.
/// Accounts without new events get none (see `TrailDigest`): a digest per account per hour
/// whether or not anything happened would grow with accounts × hours and prove nothing more.
public struct TrailDigestWriter: Sendable {
    let store: any Store
    /// Read at each digest: a rotation replaces the key while the writer runs.
    let signer: TrailSigner
    /// Each account's latest digest, read once and then kept: only this writer adds digests.
    private var latest: [AccountID: TrailDigest] = [:]

    public init(store: any Store, key: TrailSigningKey) {
        self.init(store: store, signer: TrailSigner(key))
    }

    public init(store: any Store, signer: TrailSigner) {
        self.store = store
        self.signer = signer
    }

    /// Writes a digest for every account with events since its last; returns how many.
    public mutating func digestAll(now: Date) async throws -> Int {
        var written = 0
        for account in try await store.trailAccounts() {
            let previous: TrailDigest?
            if let known = latest[account] {
                previous = known
            } else {
                previous = try await store.trailDigests(account: account).last
            }
            let after = previous?.lastSequence ?? 0
            guard let head = try await store.trailHead(account: account), head.sequence > after,
                let first = try await store.trailLinks(account: account, from: after + 1, limit: 1).first
            else { continue }
            let digest = try signer.key.sign(
                Self.next(after: previous, first: first, last: head, now: Int64(now.epochMilliseconds)))
            try await store.appendTrailDigest(digest)
            latest[account] = digest
            written += 1
        }
        return written
    }

    /// The unsigned digest that follows `previous` and covers `first`…`last`.
    public static func next(after previous: TrailDigest?, first: TrailLink, last: TrailLink, now: Int64)
        -> TrailDigest
    {
        TrailDigest(
            account: first.event.account, number: (previous?.number ?? 0) + 1,
            startMillis: previous?.endMillis ?? Int64(first.event.time.epochMilliseconds), endMillis: now,
            firstSequence: first.sequence, lastSequence: last.sequence, firstHash: first.hash, lastHash: last.hash,
            previousSignature: previous?.signature ?? [], signature: [])
    }
}
