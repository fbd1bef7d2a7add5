import Foundation
import RampartCore
import RampartStore

/// Replaces the key that signs the audit trail's digests while the server serves
/// (`rampart admin rotate-audit-signing-key`). The store keeps every public key with the period
/// it signed in (`TrailKeyHistory`), so `rampart audit verify` checks digests from before and
/// after. The history is written before the key file: a crash between the two leaves the old key
/// signing, and it is still in the history, valid until the next rotation closes its period.
///
/// On a fleet (`sealsInStore`) every instance signs digests, so the new private key is written to
/// the store with the history, sealed under the master key (`SealedDataKey.auditSigning`): each
/// instance adopts it from there (`adoptStoredKey`, on each tick and at start), and a digest an
/// instance signed with the old key a moment after the rotation is within the history's grace.
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
    let secrets: SecretBox
    let sealsInStore: Bool

    public init(
        store: any Store, clock: any Clock, signer: TrailSigner, keyFile: String, refusal: String?,
        secrets: SecretBox, sealsInStore: Bool = false
    ) {
        self.store = store
        self.clock = clock
        self.signer = signer
        self.keyFile = keyFile
        self.refusal = refusal
        self.secrets = secrets
        self.sealsInStore = sealsInStore
    }

    public func rotate() async throws -> Outcome {
        if let refusal { throw AWSError(code: "UnsupportedOperation", message: refusal, httpStatus: 400) }
        let previous = signer.key
        let next = TrailSigningKey.random()
        let millis = Int64(clock.now.epochMilliseconds)
        let sealed =
            sealsInStore
            ? SealedDataKey(
                purpose: SealedDataKey.auditSigning,
                sealed: try secrets.seal(
                    next.rawBytes, boundTo: SealedDataKey.sealingContext(SealedDataKey.auditSigning)))
            : nil
        let history = try await store.write { tx in
            let known =
                tx.get(AuditSigningKeyHistory.self, AuditSigningKeyHistory.only)?.history
                ?? TrailKeyHistory(single: previous.verifyingKey)
            let rotated = known.rotated(to: next.verifyingKey, at: millis)
            tx.put(AuditSigningKeyHistory(rotated))
            if let sealed { tx.put(sealed) }
            return rotated
        }
        signer.replace(with: next)
        if sealsInStore {
            // The store is what the fleet signs from; the file, for `audit public-key`, follows if it can.
            try? next.write(to: keyFile)
        } else {
            try next.write(to: keyFile)
        }
        return Outcome(previous: previous.verifyingKey, current: next.verifyingKey, history: history)
    }

    /// On a fleet: signs from now on with the key the store holds, when it is not the one in use
    /// (another instance rotated, or this one starts after a rotation). Its file follows if it can.
    public func adoptStoredKey() {
        guard sealsInStore,
            let stored = store.snapshot().get(SealedDataKey.self, SealedDataKey.auditSigning),
            let bytes = try? secrets.open(
                stored.sealed, boundTo: SealedDataKey.sealingContext(SealedDataKey.auditSigning)),
            let key = try? TrailSigningKey(rawRepresentation: bytes),
            key.verifyingKey.rawBase64 != signer.key.verifyingKey.rawBase64
        else { return }
        signer.replace(with: key)
        try? key.write(to: keyFile)
    }

    /// The stored history, or the current key alone before any rotation.
    public func history() -> TrailKeyHistory {
        store.snapshot().get(AuditSigningKeyHistory.self, AuditSigningKeyHistory.only)?.history
            ?? TrailKeyHistory(single: signer.key.verifyingKey)
    }
}
