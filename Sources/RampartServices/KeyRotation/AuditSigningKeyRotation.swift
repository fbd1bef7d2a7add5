import Foundation
import RampartCore
import RampartStore

/// Replaces the key that signs the audit trail's digests while the server serves
/// (`rampart admin rotate-audit-signing-key`). The store keeps every public key with the period
/// it signed in (`TrailKeyHistory`), so `rampart audit verify` checks digests from before and
/// after. The history is written before the key file: a crash between the two leaves the old key
/// signing, and it is still in the history, valid until the next rotation closes its period.
public actor AuditSigningKeyRotation {
    public struct Outcome: Sendable {
        public var previous: TrailVerifyingKey
        public var current: TrailVerifyingKey
        public var history: TrailKeyHistory
    }

    let store: any Store
    let clock: any Clock
    let signer: TrailSigner
    let keyFile: String
    let refusal: String?

    public init(store: any Store, clock: any Clock, signer: TrailSigner, keyFile: String, refusal: String?) {
        self.store = store
        self.clock = clock
        self.signer = signer
        self.keyFile = keyFile
        self.refusal = refusal
    }

    public func rotate() async throws -> Outcome {
        if let refusal { throw AWSError(code: "UnsupportedOperation", message: refusal, httpStatus: 400) }
        let previous = signer.key
        let next = TrailSigningKey.random()
        let millis = Int64(clock.now.epochMilliseconds)
        let history = try await store.write { tx in
            let known =
                tx.get(AuditSigningKeyHistory.self, AuditSigningKeyHistory.only)?.history
                ?? TrailKeyHistory(single: previous.verifyingKey)
            let rotated = known.rotated(to: next.verifyingKey, at: millis)
            tx.put(AuditSigningKeyHistory(rotated))
            return rotated
        }
        try next.write(to: keyFile)
        signer.replace(with: next)
        return Outcome(previous: previous.verifyingKey, current: next.verifyingKey, history: history)
    }

    /// The stored history, or the current key alone before any rotation.
    public func history() -> TrailKeyHistory {
        store.snapshot().get(AuditSigningKeyHistory.self, AuditSigningKeyHistory.only)?.history
            ?? TrailKeyHistory(single: signer.key.verifyingKey)
    }
}
