import Foundation
import RampartCore
import RampartStore

/// What a fleet instance keeps between ticks of its key ring.
struct FleetRingState: Sendable {
    /// The key this instance sealed with at start (the one the database records for the fleet):
    /// the fleet's sealing key until a rotation's record names another.
    let startPrimaryId: String
    /// The key file's text as last read, to notice a change.
    var fileText: String?
    /// The keys and retired session keys last installed; nil to install and announce again.
    var installed: String?
    var announced = false
    /// The live instances the driver last found short of the rotation's next step.
    var waitingFor: [String] = []
    /// The rotation whose retired keys this instance has taken out of its key file.
    var cleanedFor: String?
    /// Why this instance cannot follow the fleet's keys (its key file lacks the sealing key).
    var problem: String?
}

/// A master-key rotation on a fleet: several instances on one PostgreSQL database, each reading a
/// key file (`--master-key-file`) that the operator hands out, the same file or copies of it.
///
/// 1. `rotate` records the rotation (phase `AwaitingKeys`) with its target: a key staged in the
///    file below the sealing key (`rampart admin stage-master-key`), or one this instance generates
///    and appends to its own file. Every instance reloads its file when it changes (or on SIGHUP)
///    and announces the key ids it holds (`FleetKeyRegistry`).
/// 2. Once every live instance holds the target, `Switching`: each instance seals with the target
///    (old keys still open), and says so.
/// 3. Once every live instance seals with it, `Resealing`: batches as on one server.
/// 4. Completed: each instance moves the retired keys out of its file (`<file>.retired-<id>`).
/// The steps are driven by whichever instance holds the rotation's lease (in its record, renewed
/// with every batch); an instance killed while driving is replaced once its lease has run out,
/// and the batches resume where the store says they are.
extension MasterKeyRotation {
    /// How long a driver may go without renewing its lease before another instance takes over.
    static let driverLease: TimeInterval = 10
    /// An instance not heard from for this long is not waited for.
    static let liveness = Duration.seconds(5)
    /// The name under which the database records the fleet's master key (checked at start).
    public static let sharedKeyName = "master key"

    /// The key a fleet seals with, as the store says: a rotation's target once every instance holds
    /// it, else the key before (`otherwise` before any rotation).
    static func fleetSealingKeyId(_ progress: MasterKeyRotationProgress?, otherwise: String) -> String {
        guard let progress else { return otherwise }
        if progress.completedAt == nil, progress.phase == .awaitingKeys {
            return progress.retiringKeyIds.first ?? otherwise
        }
        return progress.targetKeyId
    }

    /// One step of a fleet instance (about four times a second): reload the key file if it changed,
    /// seal with the key the store names, announce the keys held, and drive the rotation when this
    /// instance holds its lease.
    public func tick() async {
        guard let fleet else { return }
        reloadKeyFile(force: false)
        let progress = store.snapshot().get(MasterKeyRotationProgress.self, MasterKeyRotationProgress.current)
        adoptSealingKey(progress)
        if !fleetState.announced {
            do {
                try await fleet.publish(held: ring.all.map(\.idHex), sealing: ring.primary.idHex)
                fleetState.announced = true
            } catch {
                // The heartbeat and the next tick try again.
            }
        }
        guard let progress else { return }
        if progress.completedAt != nil {
            retireKeysFromFile(progress)
            return
        }
        do {
            try await drive(progress, fleet)
        } catch {
            // A database that does not answer now: the next tick tries again.
        }
    }

    /// Reads the key file again (SIGHUP, or a change seen by `tick`). Keys leave memory only when
    /// nothing needs them: the sealing key always stays, and every key while a rotation runs.
    public func reloadKeyFile(force: Bool = true) {
        guard let data = FileManager.default.contents(atPath: keyFile) else {
            fleetState.problem = "the master key file \(keyFile) cannot be read"
            return
        }
        let text = String(decoding: data, as: UTF8.self)
        if !force, text == fleetState.fileText { return }
        fleetState.fileText = text
        guard let fromFile = try? MasterKeyring(text: text) else {
            fleetState.problem = "the master key file \(keyFile) holds no valid key"
            return
        }
        let progress = store.snapshot().get(MasterKeyRotationProgress.self, MasterKeyRotationProgress.current)
        let rotating = progress != nil && progress?.completedAt == nil
        var keys = fromFile.all
        for key in rotating ? ring.all : [ring.primary] where !keys.contains(where: { $0.id == key.id }) {
            keys.append(key)
        }
        ring = MasterKeyring(primary: ring.primary, previous: keys)
        fleetState.installed = nil
    }

    private func adoptSealingKey(_ progress: MasterKeyRotationProgress?) {
        let wanted = Self.fleetSealingKeyId(progress, otherwise: fleetState.startPrimaryId)
        if wanted != ring.primary.idHex {
            guard let key = ring.all.first(where: { $0.idHex == wanted }) else {
                fleetState.problem =
                    "the fleet seals with master key \(wanted), which \(keyFile) does not hold: "
                    + "give this instance the fleet's key file"
                return
            }
            ring = MasterKeyring(primary: key, previous: ring.all)
        }
        fleetState.problem = nil
        let retired = store.snapshot().all(RetiredSessionKey.self, account: "").map(\.masterKeyId).sorted()
        let installed = ring.all.map(\.idHex).joined(separator: ",") + "|" + retired.joined(separator: ",")
        guard installed != fleetState.installed else { return }
        install(ring)
        fleetState.installed = installed
        fleetState.announced = false
    }

    private func drive(_ progress: MasterKeyRotationProgress, _ fleet: any FleetKeyRegistry) async throws {
        guard try await holdLease(progress, fleet.instanceName) else { return }
        let target = progress.targetKeyId
        switch progress.phase ?? .resealing {
        case .awaitingKeys:
            guard try await everyLiveInstance(fleet, { $0.held.contains(target) }) else { return }
            try await advance(from: .awaitingKeys, to: .switching)
        case .switching:
            guard let key = ring.all.first(where: { $0.idHex == target }) else { return }
            // From now on an instance starting must hold the target (checked against this at start).
            try await fleet.replaceShared(Self.sharedKeyName, fingerprint: key.fingerprint)
            guard try await everyLiveInstance(fleet, { $0.sealing == target }) else { return }
            try await advance(from: .switching, to: .resealing)
        case .resealing:
            guard running == nil, ring.primary.idHex == target else { return }
            failure = nil
            resealInBackground(
                Pacing(
                    batchSize: progress.batchSize ?? Pacing().batchSize,
                    pause: .milliseconds(progress.pauseMilliseconds ?? 0)))
        }
    }

    /// Whether every live instance, this one included, meets `condition`; notes the others.
    private func everyLiveInstance(_ fleet: any FleetKeyRegistry, _ condition: (InstanceKeys) -> Bool)
        async throws -> Bool
    {
        let live = try await fleet.liveInstances(within: Self.liveness)
        fleetState.waitingFor = live.filter { !condition($0) }.map(\.instance)
        return fleetState.waitingFor.isEmpty && live.contains { $0.instance == fleet.instanceName }
    }

    /// Takes or renews the rotation's lease; false while another live instance holds it.
    private func holdLease(_ progress: MasterKeyRotationProgress, _ me: String) async throws -> Bool {
        let now = Date()
        if progress.driver == me, let until = progress.driverUntil,
            until.timeIntervalSince(now) > Self.driverLease / 2
        {
            return true
        }
        let until = now.addingTimeInterval(Self.driverLease)
        return try await store.write { tx in
            guard var current = tx.get(MasterKeyRotationProgress.self, MasterKeyRotationProgress.current),
                current.completedAt == nil
            else { return false }
            if current.driver != me, let held = current.driverUntil, held > now { return false }
            current.driver = me
            current.driverUntil = until
            tx.put(current)
            return true
        }
    }

    private func advance(from phase: FleetRotationPhase, to next: FleetRotationPhase) async throws {
        try await store.write { tx in
            guard var current = tx.get(MasterKeyRotationProgress.self, MasterKeyRotationProgress.current),
                current.completedAt == nil, current.phase == phase
            else { return }
            current.phase = next
            tx.put(current)
        }
        fleetState.waitingFor = []
    }

    /// Starts a fleet rotation, or answers the status of the one in progress.
    func fleetRotate(_ pacing: Pacing, registry: any FleetKeyRegistry) async throws -> Status {
        let previous = store.snapshot().get(MasterKeyRotationProgress.self, MasterKeyRotationProgress.current)
        if let previous, previous.completedAt == nil { return await report() }
        reloadKeyFile(force: true)
        adoptSealingKey(previous)
        let retiredBefore = Set(previous?.retiringKeyIds ?? [])
        let target: MasterKey
        if let staged = ring.previous.last(where: { !retiredBefore.contains($0.idHex) }) {
            target = staged
        } else {
            // Nothing staged: a new key goes below the others in this instance's file (it opens, it
            // does not seal yet). Instances reading another copy of the file need it copied to them;
            // the rotation waits for them.
            target = MasterKey.random()
            let file = (try? MasterKeyring(text: fleetState.fileText ?? "")) ?? ring
            let grown = MasterKeyring(primary: file.primary, previous: file.previous + [target])
            try grown.write(to: keyFile)
            fleetState.fileText = grown.text
            ring = MasterKeyring(primary: ring.primary, previous: ring.previous + [target])
        }
        let sealing = ring.primary
        let leaving = ring.all.filter { $0.id != target.id }
        var progress = MasterKeyRotationProgress(
            targetKeyId: target.idHex,
            retiringKeyIds: [sealing.idHex] + leaving.map(\.idHex).filter { $0 != sealing.idHex },
            startedAt: clock.now)
        progress.phase = .awaitingKeys
        progress.batchSize = pacing.batchSize
        progress.pauseMilliseconds =
            Int(pacing.pause.components.seconds * 1000)
            + Int(pacing.pause.components.attoseconds / 1_000_000_000_000_000)
        try await recordStart(progress, leaving: leaving, onlyIfIdle: true)
        failure = nil
        fleetState.installed = nil
        await tick()
        return await report()
    }

    /// The status, with (on a fleet, during the steps that wait for instances) who is waited for.
    public func report() async -> Status {
        var current = status()
        guard let fleet, let progress = current.progress, progress.completedAt == nil,
            let phase = progress.phase, phase != .resealing,
            let live = try? await fleet.liveInstances(within: Self.liveness)
        else { return current }
        current.waitingFor = live.filter { instance in
            phase == .awaitingKeys
                ? !instance.held.contains(progress.targetKeyId) : instance.sealing != progress.targetKeyId
        }.map(\.instance)
        return current
    }

    func fleetStatus() -> Status {
        let progress = store.snapshot().get(MasterKeyRotationProgress.self, MasterKeyRotationProgress.current)
        let state: Status.State
        if failure != nil {
            state = .failed
        } else if let progress {
            state = progress.completedAt == nil ? .inProgress : .completed
        } else {
            state = .neverRotated
        }
        return Status(
            state: state, primaryKeyId: ring.primary.idHex, progress: progress, failure: failure ?? fleetState.problem,
            waitingFor: fleetState.waitingFor)
    }

    /// Marks a fleet rotation completed, and forgets retired session keys whose tokens have all expired.
    func finishOnFleet() async throws {
        let now = clock.now
        try await store.write { tx in
            if var progress = tx.get(MasterKeyRotationProgress.self, MasterKeyRotationProgress.current),
                progress.completedAt == nil
            {
                progress.completedAt = now
                progress.phase = nil
                progress.driver = nil
                progress.driverUntil = nil
                tx.put(progress)
            }
            for key in tx.all(RetiredSessionKey.self, account: "") where key.acceptUntil < now {
                tx.delete(RetiredSessionKey.self, key.recordKey)
            }
        }
    }

    /// After a completed rotation: the retired keys leave this instance's ring and its key file
    /// (kept beside it as `<file>.retired-<id>`, for backups taken before). Keys staged since stay.
    private func retireKeysFromFile(_ progress: MasterKeyRotationProgress) {
        guard fleetState.cleanedFor != progress.targetKeyId, ring.primary.idHex == progress.targetKeyId else { return }
        fleetState.cleanedFor = progress.targetKeyId
        let retiring = Set(progress.retiringKeyIds)
        ring = MasterKeyring(primary: ring.primary, previous: ring.previous.filter { !retiring.contains($0.idHex) })
        fleetState.installed = nil
        guard let text = fleetState.fileText, let fromFile = try? MasterKeyring(text: text) else { return }
        let leaving = fromFile.all.filter { retiring.contains($0.idHex) }
        guard !leaving.isEmpty, fromFile.all.contains(where: { $0.id == ring.primary.id }) else { return }
        do {
            for old in leaving { try SecureFile.replace(keyFile + ".retired-" + old.idHex, with: old.base64 + "\n") }
            let kept = MasterKeyring(
                primary: ring.primary, previous: fromFile.all.filter { !retiring.contains($0.idHex) })
            try kept.write(to: keyFile)
            fleetState.fileText = kept.text
        } catch {
            fleetState.problem = "the retired master keys stay in \(keyFile): \(error)"
        }
    }
}
