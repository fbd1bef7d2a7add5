import Foundation
import RampartCore
import RampartStore

/// "Who would be blocked, and when": every account's root user under the mandate on one date, with
/// counts per status and per wave.
public struct MandateReport: Sendable {
    public struct Row: Sendable {
        public var accountId: String
        public var name: String
        public var email: String
        public var kind: AccountKind
        public var partition: String
        public var hasRootCredentials: Bool
        /// The root's MFA devices by type (`AUTHENTICATOR_APP`, `HARDWARE_TOTP`, `SECURITY_KEY`).
        public var devices: [String: Int]
        public var phishingResistantDevices: Int
        public var assessment: MandateAssessment
    }

    public var date: Date
    public var rows: [Row]
    public var counts: [MandateAssessment.Status: Int]
    /// Wave → (its start, counts per status).
    public var waves: [Int: (start: Date?, counts: [MandateAssessment.Status: Int])]

    static func build(_ snapshot: StoreSnapshot, plans: MandatePlanCache, date: Date) -> MandateReport {
        let configuration = MandateService.configuration(in: snapshot)
        let plan = plans.plan(configuration, in: snapshot)
        var report = MandateReport(date: date, rows: [], counts: [:], waves: [:])
        for account in snapshot.allAccounts() {
            let facts = RootFacts.gather(account, in: snapshot)
            let assessment = MandateRules.assess(
                facts, configuration, placement: plan?.placements[account.id], now: date)
            var devices = [String: Int]()
            for device in facts.devices { devices[device.rawValue, default: 0] += 1 }
            report.rows.append(
                Row(
                    accountId: account.id.rawValue, name: facts.name, email: facts.email, kind: facts.kind,
                    partition: facts.partition.rawValue, hasRootCredentials: facts.hasCredentials, devices: devices,
                    phishingResistantDevices: facts.devices.filter(\.phishingResistant).count, assessment: assessment))
            report.counts[assessment.status, default: 0] += 1
            if let wave = assessment.wave {
                report.waves[wave, default: (assessment.waveStart, [:])].counts[assessment.status, default: 0] += 1
            }
        }
        return report
    }
}

extension MandateService {
    public func report(at date: Date?, _ call: CallContext) throws(AWSError) -> MandateReport {
        try requireOperator(call)
        return MandateReport.build(store.snapshot(), plans: environment.mandatePlans, date: date ?? call.now)
    }
}
