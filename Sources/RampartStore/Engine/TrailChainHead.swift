import Crypto
import RampartCore

/// Where an account's hash chain ends: the last sequence and its hash. Both engines append with it,
/// so an event hashes the same whichever database holds it.
package struct TrailChainHead: Sendable, Equatable {
    package var sequence: Int64
    package var hash: [UInt8]

    package init(sequence: Int64, hash: [UInt8]) {
        self.sequence = sequence
        self.hash = hash
    }

    /// The head of an account with no events: the first event follows a hash of zeros.
    package static let genesis = TrailChainHead(sequence: 0, hash: [UInt8](repeating: 0, count: 32))

    /// The link `event` makes when appended here.
    package func next(_ event: TrailEvent) -> TrailChainHead {
        let sequence = sequence + 1
        var hasher = SHA256()
        hasher.update(data: hash)
        hasher.update(data: TrailLink.canonical(sequence: sequence, event: event))
        return TrailChainHead(sequence: sequence, hash: Array(hasher.finalize()))
    }

    /// The link an event kept as facts makes when appended here.
    package func next(account: AccountID, eventId: String, facts: ArraySlice<UInt8>) -> TrailChainHead {
        let sequence = sequence + 1
        var hasher = SHA256()
        hasher.update(data: hash)
        hasher.update(
            data: TrailLink.canonicalHeader(
                sequence: sequence, account: account, eventId: eventId, factsCount: facts.count))
        facts.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        return TrailChainHead(sequence: sequence, hash: Array(hasher.finalize()))
    }
}
