import Foundation
import RampartCore
import Testing

@testable import RampartServices

/// The mandate's pure parts: wave placement (even, stable as accounts arrive, pauses and skips) and
/// the assessment of one root user (exemptions, scope, waves, devices, grace).
struct MandateRulesTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    let day: TimeInterval = 86_400

    func account(_ index: Int) -> AccountID { AccountID(String(format: "1000000%05d", index))! }

    func accounts(_ range: Range<Int>, kind: AccountKind = .standalone) -> [(
        id: AccountID, kind: AccountKind, created: Date
    )] {
        range.map { (account($0), kind, t0.addingTimeInterval(Double($0))) }
    }

    func rollout(size: Int = 3, interval: Int = 7, start: TimeInterval = 0) -> Rollout {
        Rollout(
            phases: [
                Rollout.Phase(kinds: [.management], start: t0.addingTimeInterval(start)),
                Rollout.Phase(kinds: [.standalone], start: t0.addingTimeInterval(start + 30 * 86_400)),
            ], waveSize: size, waveIntervalDays: interval, dryRun: false, plannedAt: t0)
    }

    @Test func wavesAreFilledInCreationOrderAndNeverOverfilled() {
        var plan = rollout()
        let all = accounts(0..<2, kind: .management) + accounts(2..<10)
        WavePlan.assign(&plan, accounts: all)
        let waves = WavePlan(plan, accounts: all)
        #expect(waves.placements[account(0)]?.wave == 1)
        #expect(waves.placements[account(2)]?.wave == 2)
        #expect(waves.placements[account(5)]?.wave == 3)
        #expect(waves.placements[account(9)]?.wave == 4)
        #expect(waves.placements[account(2)]?.start == t0.addingTimeInterval(30 * day))
        #expect(waves.placements[account(5)]?.start == t0.addingTimeInterval(37 * day))
        let sizes = Dictionary(grouping: waves.placements.values, by: \.wave).mapValues(\.count)
        #expect(sizes.values.allSatisfy { $0 <= 3 })
    }

    @Test func laterAccountsJoinTheNextOpenWaveAndMoveNoOne() {
        var plan = rollout()
        let first = accounts(2..<6)  // waves 1 (3 accounts) and 2 (1 account) of the standalone phase
        WavePlan.assign(&plan, accounts: first)
        let before = WavePlan(plan, accounts: first)
        let late = (id: account(50), kind: AccountKind.standalone, created: t0.addingTimeInterval(day))
        let after = WavePlan(plan, accounts: first + [late])
        for id in first.map(\.id) { #expect(before.placements[id] == after.placements[id]) }
        #expect(after.placements[late.id]?.wave == 2)  // the open wave with room
        // An account created after every wave started gets a new wave that starts after it exists.
        let latest = (id: account(60), kind: AccountKind.standalone, created: t0.addingTimeInterval(100 * day))
        let placed = WavePlan(plan, accounts: first + [late, latest]).placements[latest.id]
        #expect(placed.map { $0.wave > 2 } == true)
        #expect(placed?.start.map { $0 > latest.created } == true)
    }

    @Test func pausesHoldWavesAndResumingShiftsThem() {
        var plan = rollout()
        let all = accounts(2..<8)
        WavePlan.assign(&plan, accounts: all)
        plan.pausedAt = t0.addingTimeInterval(33 * day)
        let paused = WavePlan(plan, accounts: all)
        #expect(paused.start(of: 1) == t0.addingTimeInterval(30 * day))  // already started
        #expect(paused.start(of: 2) == nil)
        plan.pauses = [Rollout.Pause(from: t0.addingTimeInterval(33 * day), seconds: 10 * day)]
        plan.pausedAt = nil
        #expect(WavePlan(plan, accounts: all).start(of: 2) == t0.addingTimeInterval(47 * day))
    }

    func facts(
        devices: [RootFacts.DeviceType] = [], prompted: Date? = nil, partition: Partition = .commercial,
        credentials: Bool = true, kind: AccountKind = .standalone
    ) -> RootFacts {
        RootFacts(
            account: account(1), name: "a", email: "a@example.com", kind: kind, partition: partition, created: t0,
            hasCredentials: credentials, devices: devices, firstPromptedAt: prompted)
    }

    @Test func assessments() {
        let configuration = MandateConfiguration()
        let now = t0.addingTimeInterval(10 * day)
        func assess(_ facts: RootFacts, _ configuration: MandateConfiguration = MandateConfiguration())
            -> MandateAssessment
        {
            MandateRules.assess(facts, configuration, placement: nil, now: now)
        }
        #expect(assess(facts(partition: .govCloud)).status == .exempt)
        #expect(assess(facts(credentials: false)).reason == "no root credentials")
        #expect(assess(facts(kind: .member)).status == .outOfScope)
        #expect(assess(facts(devices: [.authenticatorApp])).status == .compliant)
        #expect(assess(facts()).status == .due)
        let grace = assess(facts(prompted: t0))
        #expect(grace.status == .inGrace && grace.daysLeft == 25)
        #expect(assess(facts(prompted: now.addingTimeInterval(-35 * day))).status == .blocked)
        var strict = configuration
        strict.devices = .phishingResistant
        #expect(assess(facts(devices: [.authenticatorApp, .hardwareTOTP]), strict).status == .due)
        #expect(assess(facts(devices: [.securityKey]), strict).status == .compliant)
        var exempted = configuration
        exempted.exemptions = [MandateExemption(account: account(1), reason: "drill", expires: now, createdAt: t0)]
        #expect(assess(facts(), exempted).status == .due)  // expired exactly now
        exempted.exemptions[0].expires = now.addingTimeInterval(1)
        #expect(assess(facts(), exempted).status == .exempt)
    }

    @Test func graceRunsFromTheFirstPromptOnOrAfterTheWaveStart() {
        var configuration = MandateConfiguration()
        configuration.rollout = rollout()
        let start = t0.addingTimeInterval(30 * day)
        let placement = WavePlan.Placement(wave: 2, start: start)
        let beforeWave = MandateRules.assess(
            facts(prompted: t0), configuration, placement: placement, now: start.addingTimeInterval(-1))
        #expect(beforeWave.status == .scheduled)
        // A prompt from before the wave (another rule, another time) does not start this grace.
        let early = MandateRules.assess(
            facts(prompted: t0), configuration, placement: placement, now: start.addingTimeInterval(day))
        #expect(early.status == .due)
        configuration.rollout?.dryRunWaves = [2]
        #expect(MandateRules.assess(facts(), configuration, placement: placement, now: start).dryRun)
    }
}
