import Foundation
import RampartCore

// What a master-key rotation keeps in the store. They belong to no account (key ""), like the
// organization itself: they are the server's.

/// A key that must outlive the master key it was first made from, kept sealed under the master
/// key instead of derived from it: the HMAC key of recovery codes (the codes are stored only as
/// MACs, so their key can never change without invalidating every code printed).
public struct SealedDataKey: Record, Equatable {
    public static let kind = RecordKind("sealed-data-key")
    public static let recoveryCodes = "recovery-codes"
    public static let authorizationMessages = "authorization-messages"
    /// A fleet's audit signing key (32 raw Ed25519 bytes): every instance signs digests with the key
    /// the latest rotation made, whichever instance made it.
    public static let auditSigning = "audit-signing"

    public var purpose: String
    public var sealed: [UInt8]

    public init(purpose: String, sealed: [UInt8]) {
        self.purpose = purpose
        self.sealed = sealed
    }

    public static func sealingContext(_ purpose: String) -> String { "data-key/\(purpose)" }
    public var recordKey: String { purpose }
    public var recordAccount: String { "" }
}

/// The session-token key of a master key that was rotated out, kept (sealed under the current
/// master key) until every token it sealed has expired, so sessions outlive the rotation and a
/// restart with the new key file alone.
public struct RetiredSessionKey: Record, Equatable {
    public static let kind = RecordKind("retired-session-key")

    /// The retired master key's id (hex).
    public var masterKeyId: String
    public var sealed: [UInt8]
    /// After this no token it sealed can still be unexpired.
    public var acceptUntil: Date

    public init(masterKeyId: String, sealed: [UInt8], acceptUntil: Date) {
        self.masterKeyId = masterKeyId
        self.sealed = sealed
        self.acceptUntil = acceptUntil
    }

    public static func sealingContext(_ masterKeyId: String) -> String { "retired-session-key/\(masterKeyId)" }
    public var recordKey: String { masterKeyId }
    public var recordAccount: String { "" }
}

/// The progress of the latest master-key rotation: which key it moves secrets to, how far it got.
/// Re-sealing is idempotent (a value already under the target key is skipped), so this is what
/// the operator reads; the key file saying which keys are still to retire is what resumes it.
public struct MasterKeyRotationProgress: Record, Equatable {
    public static let kind = RecordKind("master-key-rotation")
    public static let current = "current"

    public var targetKeyId: String
    public var retiringKeyIds: [String]
    public var startedAt: Date
    public var resealed: Int
    public var batches: Int
    /// Values no key of the ring opens (altered in the database): left as they are.
    public var unopenable: Int
    public var completedAt: Date?
    /// On a fleet (PostgreSQL), where the rotation stands; nil on one server, and once completed.
    public var phase: FleetRotationPhase?
    /// On a fleet, the instance driving the rotation, and until when it may without renewing: an
    /// instance that stops driving (killed) is replaced by another once this has passed.
    public var driver: String?
    public var driverUntil: Date?
    /// On a fleet, the pacing asked for, so that another instance resuming keeps it.
    public var batchSize: Int?
    public var pauseMilliseconds: Int?

    public init(targetKeyId: String, retiringKeyIds: [String], startedAt: Date) {
        self.targetKeyId = targetKeyId
        self.retiringKeyIds = retiringKeyIds
        self.startedAt = startedAt
        resealed = 0
        batches = 0
        unopenable = 0
    }

    public var recordKey: String { Self.current }
    public var recordAccount: String { "" }
}

/// The steps of a master-key rotation on a fleet, in order. The new key seals nothing before every
/// live instance holds it, and nothing is re-sealed before every live instance seals with it (else
/// an instance still sealing under the old key could write a value after the scan that re-sealed).
public enum FleetRotationPhase: String, Codable, Sendable {
    /// Every live instance must announce the target key in its ring (its key file, reloaded).
    case awaitingKeys = "AwaitingKeys"
    /// The target seals from now on; every live instance must announce it seals with it.
    case switching = "Switching"
    /// Batches re-seal what is still under an old key.
    case resealing = "Resealing"
}

extension RecordTypes {
    /// The record types of this file, loaded with the others (`RecordTypes.all`).
    static let keyRotation: [any Record.Type] = [
        SealedDataKey.self, RetiredSessionKey.self, MasterKeyRotationProgress.self, AuditSigningKeyHistory.self,
    ]
}
