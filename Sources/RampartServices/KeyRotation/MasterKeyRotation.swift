import Crypto
import Foundation
import RampartCore
import RampartStore

/// Moves every sealed secret to a new master key while the server serves
/// (`rampart admin rotate-master-key`).
///
/// It runs inside the server because the server holds the state in memory and is its only
/// writer: re-sealing goes through `Store.write` in batches like any request's change, so a
/// request that updates a record meanwhile is never overwritten with a stale copy. The order
/// makes every step safe to interrupt:
/// 1. the store records what must outlive the old key (its session-token key, the recovery-code
///    key) and the rotation's progress;
/// 2. the key file becomes the new key above the old one, and both are installed: new secrets
///    are sealed under the new key, old ones still open;
/// 3. batches re-seal what is still under an old key, until a scan finds nothing;
/// 4. the key file keeps the new key alone (old keys move to `<file>.retired-<id>`).
/// A start that finds more than one key in the file resumes at step 3.
///
/// On a fleet (several instances on one PostgreSQL database, `fleet` set) the key file is the
/// operator's to hand out and the database says which key seals: see `MasterKeyRotation+Fleet`.
public actor MasterKeyRotation {
    /// How a rotation paces itself: values re-sealed per write, and a pause between writes.
    public struct Pacing: Sendable {
        public var batchSize: Int
        public var pause: Duration

        public init(batchSize: Int = 100, pause: Duration = .zero) {
            self.batchSize = batchSize
            self.pause = pause
        }
    }

    public struct Status: Sendable {
        public enum State: String, Sendable {
            case neverRotated = "NeverRotated", inProgress = "InProgress", completed = "Completed"
            case failed = "Failed"
        }
        public var state: State
        /// The id of the key new secrets are sealed under.
        public var primaryKeyId: String
        public var progress: MasterKeyRotationProgress?
        public var failure: String?
        /// On a fleet: the live instances that do not yet hold the rotation's target key.
        public var waitingFor: [String] = []
    }

    /// The longest a session token lives (GetSessionToken's and GetFederationToken's 36 hours):
    /// how long a retired master key's session-token key keeps opening tokens.
    static let longestSession: TimeInterval = 36 * 3600

    let store: any Store
    let clock: any Clock
    let secrets: SecretBox
    let sessionTokens: SessionTokenSealer
    let keyFile: String
    /// Why this server cannot rotate, nil when it can.
    let refusal: String?
    /// The other instances' keys, on a fleet; nil on one server.
    let fleet: (any FleetKeyRegistry)?
    var ring: MasterKeyring
    var running: Task<Void, Never>?
    private var starting = false
    var failure: String?
    /// Fleet state kept between ticks (`MasterKeyRotation+Fleet`).
    var fleetState: FleetRingState

    init(
        ring: MasterKeyring, keyFile: String, refusal: String?, store: any Store, clock: any Clock,
        secrets: SecretBox, sessionTokens: SessionTokenSealer, fleet: (any FleetKeyRegistry)? = nil
    ) {
        self.ring = ring
        self.keyFile = keyFile
        self.refusal = refusal
        self.store = store
        self.clock = clock
        self.secrets = secrets
        self.sessionTokens = sessionTokens
        self.fleet = fleet
        fleetState = FleetRingState(startPrimaryId: ring.primary.idHex)
    }

    /// Starts a rotation, or resumes the one in progress (an interrupted one, or one running now:
    /// then only its status is returned).
    public func rotate(_ pacing: Pacing) async throws -> Status {
        if let refusal { throw AWSError(code: "UnsupportedOperation", message: refusal, httpStatus: 400) }
        if let fleet { return try await fleetRotate(pacing, registry: fleet) }
        if running == nil, !starting {
            starting = true
            defer { starting = false }
            failure = nil
            if !ring.isRotating {
                do {
                    try await begin()
                } catch {
                    failure = "the rotation did not start: \(error)"
                    throw error
                }
            }
            resealInBackground(pacing)
        }
        return status()
    }

    /// At start: carries on a rotation the key file says was interrupted.
    public func resumeIfInterrupted() {
        // A fleet's rotation is resumed by whichever instance takes it over (`tick`).
        guard refusal == nil, fleet == nil, ring.isRotating, running == nil else { return }
        resealInBackground(Pacing())
    }

    public func status() -> Status {
        if fleet != nil { return fleetStatus() }
        let progress = store.snapshot().get(MasterKeyRotationProgress.self, MasterKeyRotationProgress.current)
        let state: Status.State
        if failure != nil {
            state = .failed
        } else if ring.isRotating || running != nil {
            state = .inProgress
        } else if let progress {
            // Recorded but never reached the key file (stopped between the two): nothing moved yet.
            state = progress.completedAt == nil ? .failed : .completed
        } else {
            state = .neverRotated
        }
        return Status(state: state, primaryKeyId: ring.primary.idHex, progress: progress, failure: failure)
    }

    /// Waits for the rotation running now, if any (tests and the command's `--wait`).
    public func waitUntilIdle() async {
        await running?.value
    }

    private func begin() async throws {
        let current = ring
        let next = MasterKey.random()
        try await recordStart(
            MasterKeyRotationProgress(
                targetKeyId: next.idHex, retiringKeyIds: current.all.map(\.idHex), startedAt: clock.now),
            leaving: current.all, onlyIfIdle: false)
        let rotating = MasterKeyring(primary: next, previous: current.all)
        try rotating.write(to: keyFile)
        install(rotating)
    }

    /// Stores, with the rotation's progress in one write, what must outlive the keys `leaving`: their
    /// session-token keys, and the long-lived data keys. Both are sealed under the current primary: they
    /// open now, and the batches re-seal them with the rest. With `onlyIfIdle`, a rotation in progress
    /// found in the store is left as it is and nothing is written.
    func recordStart(_ progress: MasterKeyRotationProgress, leaving: [MasterKey], onlyIfIdle: Bool) async throws {
        let dataKeys = try LongLivedDataKey.all.map { try $0.sealed(from: ring, secrets: secrets) }
        let retired = try leaving.map { key in
            RetiredSessionKey(
                masterKeyId: key.idHex,
                sealed: try secrets.seal(
                    LongLivedDataKey.bytes(SessionTokenSealer.key(of: key)),
                    boundTo: RetiredSessionKey.sealingContext(key.idHex)),
                acceptUntil: progress.startedAt.addingTimeInterval(Self.longestSession))
        }
        try await store.write { tx in
            if onlyIfIdle, let current = tx.get(MasterKeyRotationProgress.self, MasterKeyRotationProgress.current),
                current.completedAt == nil
            {
                return
            }
            // Only the first rotation stores each: what was made so far (recovery codes, encoded
            // messages) used the key derived from the first master key, and every later one must keep it.
            for key in dataKeys where tx.get(SealedDataKey.self, key.purpose) == nil { tx.put(key) }
            for key in retired { tx.put(key) }
            tx.put(progress)
        }
    }

    func resealInBackground(_ pacing: Pacing) {
        running = Task {
            do {
                try await resealAll(pacing)
                if fleet != nil {
                    try await finishOnFleet()
                } else {
                    try await finish()
                }
            } catch {
                failure = "\(error)"
            }
            running = nil
        }
    }

    func resealAll(_ pacing: Pacing) async throws {
        var unopenable = Set<SealedValueLocation>()
        while true {
            let pending = SealedValueLocation.pending(in: store.snapshot(), secrets: secrets)
                .filter { !unopenable.contains($0) }
            if pending.isEmpty { return }
            for start in stride(from: 0, to: pending.count, by: max(1, pacing.batchSize)) {
                let batch = Array(pending[start..<min(pending.count, start + max(1, pacing.batchSize))])
                let secrets = secrets
                let driver = fleet?.instanceName
                let leaseUntil = Date().addingTimeInterval(Self.driverLease)
                let failed = try await store.write { tx in
                    var resealed = 0
                    var failed = [SealedValueLocation]()
                    for location in batch {
                        let outcome = location.reseal(in: &tx, secrets: secrets)
                        resealed += outcome.resealed
                        if outcome.unopenable > 0 { failed.append(location) }
                    }
                    if var progress = tx.get(MasterKeyRotationProgress.self, MasterKeyRotationProgress.current) {
                        progress.resealed += resealed
                        progress.batches += 1
                        progress.unopenable += failed.count
                        // Each batch renews the driver's lease, so a slow rotation is not taken over.
                        if let driver, progress.driver == driver { progress.driverUntil = leaseUntil }
                        tx.put(progress)
                    }
                    return failed
                }
                unopenable.formUnion(failed)
                if pacing.pause > .zero { try await Task.sleep(for: pacing.pause) }
            }
        }
    }

    private func finish() async throws {
        let now = clock.now
        try await store.write { tx in
            if var progress = tx.get(MasterKeyRotationProgress.self, MasterKeyRotationProgress.current),
                progress.completedAt == nil
            {
                progress.completedAt = now
                tx.put(progress)
            }
            for key in tx.all(RetiredSessionKey.self, account: "") where key.acceptUntil < now {
                tx.delete(RetiredSessionKey.self, key.recordKey)
            }
        }
        // Backups taken before the rotation need the old key: it is kept beside the file, not lost.
        for old in ring.previous {
            try SecureFile.write(old.base64 + "\n", to: keyFile + ".retired-" + old.idHex)
        }
        let done = MasterKeyring(primary: ring.primary)
        try done.write(to: keyFile)
        install(done)
    }

    func install(_ next: MasterKeyring) {
        ring = next
        Self.install(next, snapshot: store.snapshot(), now: clock.now, secrets: secrets, sessionTokens: sessionTokens)
    }

    /// Gives the box and the sealer a ring's keys, and the sealer the retired session-token keys
    /// the store keeps that can still open unexpired tokens.
    static func install(
        _ ring: MasterKeyring, snapshot: StoreSnapshot, now: Date, secrets: SecretBox,
        sessionTokens: SessionTokenSealer
    ) {
        secrets.install(ring)
        let stored = snapshot.all(RetiredSessionKey.self, account: "").filter { $0.acceptUntil > now }
            .compactMap { key in
                (try? secrets.open(key.sealed, boundTo: RetiredSessionKey.sealingContext(key.masterKeyId)))
                    .map { SymmetricKey(data: $0) }
            }
        sessionTokens.install(
            primary: ring.primary, retired: ring.previous.map(SessionTokenSealer.key(of:)) + stored)
    }
}
