import Foundation
import RampartCore
import RampartStore

/// The operator's mandate: its configuration, the rollout plan and its controls, and where every
/// account stands. Every change is an audit event of the operator account. Only principals of the
/// operator account may call these (and only as their policies allow `rampart:<Operation>`).
public struct MandateService: Sendable {
    let environment: ServiceEnvironment

    public init(environment: ServiceEnvironment) {
        self.environment = environment
    }

    var store: any Store { environment.store }

    public func configuration() -> MandateConfiguration {
        Self.configuration(in: store.snapshot())
    }

    static func configuration(in reader: some EntityReader) -> MandateConfiguration {
        reader.get(MandateConfiguration.self, MandateConfiguration.key) ?? MandateConfiguration()
    }

    /// Changes scope, grace or allowed devices; nil leaves a value as it is.
    public func configure(
        kinds: Set<AccountKind>?, gracePeriodDays: Int?, devices: MandateConfiguration.Devices?, _ call: CallContext
    ) async throws -> MandateConfiguration {
        if let gracePeriodDays, !(0...365).contains(gracePeriodDays) {
            throw AWSError.invalidInput("The grace period is 0 to 365 days.")
        }
        return try await change("MandateConfigured", call, details: [:]) { configuration in
            if let kinds { configuration.kinds = kinds }
            if let gracePeriodDays { configuration.gracePeriodDays = gracePeriodDays }
            if let devices { configuration.devices = devices }
        }
    }

    /// Plans a rollout, replacing any earlier plan: accounts are assigned to waves now.
    public func plan(
        phases: [Rollout.Phase], waveSize: Int, waveIntervalDays: Int, dryRun: Bool, dryRunWaves: Set<Int>,
        _ call: CallContext
    ) async throws -> MandateConfiguration {
        guard !phases.isEmpty, phases.allSatisfy({ !$0.kinds.isEmpty }) else {
            throw AWSError.invalidInput("A rollout needs at least one phase, each with at least one account kind.")
        }
        guard (1...100_000).contains(waveSize), (1...365).contains(waveIntervalDays) else {
            throw AWSError.invalidInput("WaveSize is 1 to 100000 accounts and WaveIntervalDays 1 to 365.")
        }
        let accounts = Self.accountsForPlanning(store.snapshot())
        return try await change(
            "MandateRolloutPlanned", call,
            details: [
                "waveSize": String(waveSize), "waveIntervalDays": String(waveIntervalDays), "dryRun": String(dryRun),
            ]
        ) { configuration in
            var rollout = Rollout(
                phases: phases, waveSize: waveSize, waveIntervalDays: waveIntervalDays, dryRun: dryRun,
                plannedAt: call.now)
            rollout.dryRunWaves = dryRunWaves
            WavePlan.assign(&rollout, accounts: accounts)
            configuration.rollout = rollout
        }
    }

    public func cancelRollout(_ call: CallContext) async throws -> MandateConfiguration {
        try await change("MandateRolloutCanceled", call, details: [:]) { $0.rollout = nil }
    }

    public func pause(_ call: CallContext) async throws -> MandateConfiguration {
        try await changeRollout("MandateRolloutPaused", call) { rollout throws(AWSError) in
            guard rollout.pausedAt == nil else { throw AWSError.invalidInput("The rollout is already paused.") }
            rollout.pausedAt = call.now
        }
    }

    public func resume(_ call: CallContext) async throws -> MandateConfiguration {
        try await changeRollout("MandateRolloutResumed", call) { rollout throws(AWSError) in
            guard let pausedAt = rollout.pausedAt else { throw AWSError.invalidInput("The rollout is not paused.") }
            rollout.pauses.append(Rollout.Pause(from: pausedAt, seconds: max(0, call.now.timeIntervalSince(pausedAt))))
            rollout.pausedAt = nil
        }
    }

    /// Moves a wave that has not started to the end of its phase.
    public func skipWave(_ wave: Int, _ call: CallContext) async throws -> MandateConfiguration {
        let plan = try currentPlan()
        return try await changeRollout("MandateWaveSkipped", call, details: ["wave": String(wave)]) {
            rollout throws(AWSError) in
            guard wave >= 1, wave <= rollout.waves.count else {
                throw AWSError.invalidInput("There is no wave \(wave).")
            }
            if let start = plan.start(of: wave), start <= call.now {
                throw AWSError.invalidInput("Wave \(wave) has already started.")
            }
            let phase = rollout.waves[wave - 1].phase
            let last = rollout.waves.filter { $0.phase == phase }.map(\.slot).max() ?? 0
            rollout.waves[wave - 1].slot = last + 1
        }
    }

    /// Puts an account into a wave of the plan (it keeps that wave from then on).
    public func move(_ account: AccountID, toWave wave: Int, _ call: CallContext) async throws -> MandateConfiguration {
        guard store.snapshot().get(Account.self, account.rawValue) != nil else {
            throw AWSError.noSuchEntity("The account \(account.rawValue) does not exist on this server.")
        }
        return try await changeRollout(
            "MandateAccountMoved", call, details: ["accountId": account.rawValue, "wave": String(wave)]
        ) { rollout throws(AWSError) in
            guard wave >= 1, wave <= rollout.waves.count else {
                throw AWSError.invalidInput("There is no wave \(wave).")
            }
            rollout.assignments[account.rawValue] = wave
        }
    }

    public func exempt(_ account: AccountID, reason: String, expires: Date?, _ call: CallContext) async throws
        -> MandateConfiguration
    {
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty, reason.count <= 256 else {
            throw AWSError.invalidInput("An exemption needs a reason of 1 to 256 characters.")
        }
        if let expires, expires <= call.now { throw AWSError.invalidInput("The exemption would already have expired.") }
        guard store.snapshot().get(Account.self, account.rawValue) != nil else {
            throw AWSError.noSuchEntity("The account \(account.rawValue) does not exist on this server.")
        }
        var details = ["accountId": account.rawValue, "reason": reason]
        details["expires"] = expires.map(Timestamp.iso8601)
        return try await change("MandateExemptionAdded", call, details: details) { configuration in
            configuration.exemptions.removeAll { $0.account == account }
            configuration.exemptions.append(
                MandateExemption(account: account, reason: reason, expires: expires, createdAt: call.now))
        }
    }

    public func removeExemption(_ account: AccountID, _ call: CallContext) async throws -> MandateConfiguration {
        try await change("MandateExemptionRemoved", call, details: ["accountId": account.rawValue]) { configuration in
            configuration.exemptions.removeAll { $0.account == account }
        }
    }

    // MARK: - Assessment

    /// One account's root user under the mandate, now.
    public func assess(_ account: AccountID, at date: Date? = nil) -> MandateAssessment? {
        let snapshot = store.snapshot()
        guard let record = snapshot.get(Account.self, account.rawValue) else { return nil }
        return Self.assess(record, in: snapshot, plans: environment.mandatePlans, now: date ?? environment.clock.now)
    }

    static func assess(_ account: Account, in snapshot: StoreSnapshot, plans: MandatePlanCache, now: Date)
        -> MandateAssessment
    {
        let configuration = configuration(in: snapshot)
        let facts = RootFacts.gather(account, in: snapshot)
        let placement = plans.plan(configuration, in: snapshot)?.placements[account.id]
        return MandateRules.assess(facts, configuration, placement: placement, now: now)
    }

    func currentPlan() throws(AWSError) -> WavePlan {
        let snapshot = store.snapshot()
        guard let plan = environment.mandatePlans.plan(Self.configuration(in: snapshot), in: snapshot) else {
            throw AWSError.invalidInput("No rollout is planned.")
        }
        return plan
    }

    static func accountsForPlanning(_ snapshot: StoreSnapshot) -> [(id: AccountID, kind: AccountKind, created: Date)] {
        snapshot.allAccounts().map { account in
            (account.id, RootFacts.kind(of: account.id, in: snapshot), account.createDate)
        }
    }

    // MARK: - Changes

    private func change(
        _ event: String, _ call: CallContext, details: [String: String],
        _ body: @escaping (inout MandateConfiguration) throws(AWSError) -> Void
    ) async throws -> MandateConfiguration {
        try requireOperator(call)
        return try await store.write { tx in
            var configuration = Self.configuration(in: tx)
            try body(&configuration)
            tx.put(configuration)
            tx.append(
                AuditEvent(
                    account: call.principal.account, time: call.now, name: event,
                    userName: call.principal.kind == .root ? nil : call.principal.name, requestId: call.requestId,
                    sourceIp: call.sourceIp, details: details))
            return configuration
        }
    }

    private func changeRollout(
        _ event: String, _ call: CallContext, details: [String: String] = [:],
        _ body: @escaping (inout Rollout) throws(AWSError) -> Void
    ) async throws -> MandateConfiguration {
        try await change(event, call, details: details) { configuration throws(AWSError) in
            guard var rollout = configuration.rollout else { throw AWSError.invalidInput("No rollout is planned.") }
            try body(&rollout)
            configuration.rollout = rollout
        }
    }

    /// Whether the account is the operator's (the account `rampart init` made): only its principals
    /// manage the mandate.
    public func isOperator(_ account: AccountID) -> Bool {
        Bootstrap.operatorAccount(store.snapshot())?.id == account
    }

    func requireOperator(_ call: CallContext) throws(AWSError) {
        guard isOperator(call.principal.account) else {
            throw AWSError.accessDenied("Only principals of the operator account may change the mandate.")
        }
    }
}

/// The rollout's wave placements, computed once per store generation: a sign-in asks for one account's
/// wave, and placing late accounts walks them all.
public final class MandatePlanCache: Sendable {
    private let table = GenerationCache<WavePlan?>(capacity: 4)

    public init() {}

    func plan(_ configuration: MandateConfiguration, in snapshot: StoreSnapshot) -> WavePlan? {
        guard let rollout = configuration.rollout else { return nil }
        return table.value(for: "plan", generation: snapshot.generation) {
            WavePlan(rollout, accounts: MandateService.accountsForPlanning(snapshot))
        }
    }
}
