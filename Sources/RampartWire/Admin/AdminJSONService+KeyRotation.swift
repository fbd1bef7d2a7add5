import Foundation
import RampartCore
import RampartServices

extension AdminJSONService {
    struct RotateMasterKeyInput: Decodable {
        /// Values re-sealed per write (1–10,000; 100 when absent).
        var BatchSize: Int?
        /// A pause between writes, to spare a busy server (0–60,000 ms; none when absent).
        var PauseMilliseconds: Int?

        func pacing() throws(AWSError) -> MasterKeyRotation.Pacing {
            var pacing = MasterKeyRotation.Pacing()
            if let size = BatchSize {
                guard (1...10_000).contains(size) else {
                    throw Self.invalid("BatchSize must be between 1 and 10000.")
                }
                pacing.batchSize = size
            }
            if let pause = PauseMilliseconds {
                guard (0...60_000).contains(pause) else {
                    throw Self.invalid("PauseMilliseconds must be between 0 and 60000.")
                }
                pacing.pause = .milliseconds(pause)
            }
            return pacing
        }

        private static func invalid(_ message: String) -> AWSError {
            AWSError(code: "ValidationException", message: message, httpStatus: 400)
        }
    }

    struct KeyRotationOutput: Encodable {
        var State: String
        var PrimaryKeyId: String
        var TargetKeyId: String?
        var RetiringKeyIds: [String]?
        var StartedAt: Double?
        var CompletedAt: Double?
        var Resealed: Int?
        var Batches: Int?
        var Unopenable: Int?
        var Failure: String?
        /// On a fleet: the step the rotation is at, the instance driving it, and the live instances
        /// it waits for (to hold the new key, then to seal with it).
        var Phase: String?
        var Driver: String?
        var WaitingFor: [String]?

        init(_ status: MasterKeyRotation.Status) {
            State = status.state.rawValue
            PrimaryKeyId = status.primaryKeyId
            Failure = status.failure
            guard let progress = status.progress else { return }
            TargetKeyId = progress.targetKeyId
            RetiringKeyIds = progress.retiringKeyIds
            StartedAt = progress.startedAt.timeIntervalSince1970
            CompletedAt = progress.completedAt?.timeIntervalSince1970
            Resealed = progress.resealed
            Batches = progress.batches
            Unopenable = progress.unopenable
            Phase = progress.phase?.rawValue
            Driver = progress.driver
            WaitingFor = status.waitingFor.isEmpty ? nil : status.waitingFor
        }
    }

    struct AuditKeyRotationOutput: Encodable {
        struct Key: Encodable {
            var PublicKey: String
            var ActiveFrom: Double?
            var ActiveUntil: Double?
        }
        var PreviousPublicKey: String
        var PublicKey: String
        /// The fingerprint a digest file names its key by.
        var PublicKeyFingerprint: String
        var History: [Key]

        init(_ outcome: AuditSigningKeyRotation.Outcome) {
            PreviousPublicKey = outcome.previous.pem
            PublicKey = outcome.current.pem
            PublicKeyFingerprint = outcome.current.fingerprint
            History = outcome.history.entries.map {
                Key(
                    PublicKey: $0.publicKey, ActiveFrom: $0.activeFromMillis.map { Double($0) / 1000 },
                    ActiveUntil: $0.activeUntilMillis.map { Double($0) / 1000 })
            }
        }
    }
}
