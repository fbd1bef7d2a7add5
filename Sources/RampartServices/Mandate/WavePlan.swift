import Foundation
import RampartCore

/// Where every account stands in a rollout: its wave and when that wave starts. A pure function of the
/// plan and the accounts, so the sign-in decision, the report and the dry run agree.
///
/// Accounts assigned when the plan was made (or moved by the operator) keep their wave. Any other
/// account of a phase's kinds is placed as of its creation: into the first wave of the phase that had
/// not started then and has room, else into a new wave after the last. Later accounts never move
/// earlier ones, so the placement is stable as accounts are added.
struct WavePlan: Sendable {
    struct Placement: Sendable, Equatable {
        var wave: Int
        /// Nil while the rollout is paused and this wave has not started.
        var start: Date?
    }

    let rollout: Rollout
    /// Waves after `rollout.waves`, made for accounts that came later.
    private(set) var extraWaves: [Rollout.Wave] = []
    private(set) var placements: [AccountID: Placement] = [:]

    init(_ rollout: Rollout, accounts: [(id: AccountID, kind: AccountKind, created: Date)]) {
        self.rollout = rollout
        var counts = [Int: Int]()
        for wave in rollout.assignments.values { counts[wave, default: 0] += 1 }
        let late = accounts.filter { rollout.assignments[$0.id.rawValue] == nil }
            .sorted { ($0.created, $0.id.rawValue) < ($1.created, $1.id.rawValue) }
        for account in accounts {
            if let wave = rollout.assignments[account.id.rawValue] {
                placements[account.id] = Placement(wave: wave, start: start(of: wave))
            }
        }
        for account in late {
            guard let phase = rollout.phases.firstIndex(where: { $0.kinds.contains(account.kind) }) else { continue }
            let all = rollout.waves + extraWaves
            let open = all.indices.first { index in
                all[index].phase == phase && (counts[index + 1] ?? 0) < rollout.waveSize
                    && (nominalStart(of: all[index]) > account.created)
            }
            let wave: Int
            if let open {
                wave = open + 1
            } else {
                let lastSlot = all.filter { $0.phase == phase }.map(\.slot).max() ?? -1
                // A new wave never starts before the account exists.
                var slot = lastSlot + 1
                while nominalStart(of: Rollout.Wave(phase: phase, slot: slot)) <= account.created { slot += 1 }
                extraWaves.append(Rollout.Wave(phase: phase, slot: slot))
                wave = all.count + 1
            }
            counts[wave, default: 0] += 1
            placements[account.id] = Placement(wave: wave, start: start(of: wave))
        }
    }

    var waveCount: Int { rollout.waves.count + extraWaves.count }

    /// When a wave starts, pauses taken into account; nil while paused before it started.
    func start(of wave: Int) -> Date? {
        let all = rollout.waves + extraWaves
        guard wave >= 1, wave <= all.count else { return nil }
        let nominal = nominalStart(of: all[wave - 1])
        if let pausedAt = rollout.pausedAt, nominal >= pausedAt { return nil }
        let shift = rollout.pauses.filter { $0.from <= nominal }.reduce(0) { $0 + $1.seconds }
        return nominal.addingTimeInterval(shift)
    }

    private func nominalStart(of wave: Rollout.Wave) -> Date {
        let phase = rollout.phases[min(wave.phase, rollout.phases.count - 1)]
        return phase.start.addingTimeInterval(Double(wave.slot * rollout.waveIntervalDays) * 86_400)
    }

    /// The waves a new plan makes: each phase's accounts (not taken by an earlier phase) in creation
    /// order, `waveSize` at a time.
    static func assign(_ rollout: inout Rollout, accounts: [(id: AccountID, kind: AccountKind, created: Date)]) {
        rollout.assignments = [:]
        rollout.waves = []
        let ordered = accounts.sorted { ($0.created, $0.id.rawValue) < ($1.created, $1.id.rawValue) }
        var taken = Set<AccountID>()
        for (phaseIndex, phase) in rollout.phases.enumerated() {
            let members = ordered.filter { phase.kinds.contains($0.kind) && !taken.contains($0.id) }
            for (position, account) in members.enumerated() {
                let slot = position / max(1, rollout.waveSize)
                if position % max(1, rollout.waveSize) == 0 {
                    rollout.waves.append(Rollout.Wave(phase: phaseIndex, slot: slot))
                }
                rollout.assignments[account.id.rawValue] = rollout.waves.count
                taken.insert(account.id)
            }
        }
    }
}
