import Foundation
import RampartCore

/// Where one root user stands under the mandate on a given date, and why.
public struct MandateAssessment: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable {
        /// Has an MFA device of an allowed type.
        case compliant = "COMPLIANT"
        /// Its wave has started; it will be asked at its next sign-in, and the grace runs from then.
        case due = "DUE"
        /// Asked, and may still skip: `daysLeft` days.
        case inGrace = "IN_GRACE"
        /// The grace is over: no console sign-in without setting up MFA.
        case blocked = "BLOCKED"
        /// In scope, in a wave that has not started (or a paused rollout).
        case scheduled = "SCHEDULED"
        case exempt = "EXEMPT"
        case outOfScope = "OUT_OF_SCOPE"
    }

    public var status: Status
    /// Why it is exempt or out of scope.
    public var reason: String?
    public var wave: Int?
    public var waveStart: Date?
    public var daysLeft: Int?
    /// When sign-in will need MFA if nothing changes: the grace's end (from now, for one not yet asked).
    public var blockDate: Date?
    /// The account's wave rehearses: nothing is enforced, what would happen is recorded.
    public var dryRun: Bool

    /// Whether the root must set up a device at sign-in now (in scope, started, without one).
    public var needsDevice: Bool { status == .due || status == .inGrace || status == .blocked }
}

/// The mandate's rules, one question each, composed into an assessment: is the account exempt (by
/// partition, by having no root credentials, by the operator's exemption)? Is its kind in scope? Has
/// its wave started? Does its root have an allowed device? How much grace is left?
enum MandateRules {
    static func assess(
        _ facts: RootFacts, _ configuration: MandateConfiguration, placement: WavePlan.Placement?, now: Date
    ) -> MandateAssessment {
        var result = MandateAssessment(status: .outOfScope, dryRun: false)
        if let reason = exemption(facts, configuration, now: now) {
            result.status = .exempt
            result.reason = reason
            return result
        }
        guard configuration.kinds.contains(facts.kind) else {
            result.reason = "\(facts.kind.rawValue.lowercased()) accounts are not in scope"
            return result
        }
        let waveStart: Date?
        if let rollout = configuration.rollout {
            guard let placement else {
                result.reason = "no phase of the rollout covers \(facts.kind.rawValue.lowercased()) accounts"
                return result
            }
            result.wave = placement.wave
            result.waveStart = placement.start
            result.dryRun = rollout.dryRun || rollout.dryRunWaves.contains(placement.wave)
            waveStart = placement.start
            guard let start = placement.start, start <= now else {
                result.status = .scheduled
                return result
            }
        } else {
            waveStart = Date(timeIntervalSince1970: 0)
        }
        if hasAllowedDevice(facts, configuration) {
            result.status = .compliant
            return result
        }
        let grace = TimeInterval(configuration.gracePeriodDays) * 86_400
        // The grace runs from the first prompt on or after the wave's start.
        guard let prompted = facts.firstPromptedAt, prompted >= (waveStart ?? now) else {
            result.status = .due
            result.daysLeft = configuration.gracePeriodDays
            result.blockDate = now.addingTimeInterval(grace)
            return result
        }
        let deadline = prompted.addingTimeInterval(grace)
        result.blockDate = deadline
        if now < deadline {
            result.status = .inGrace
            result.daysLeft = Int((deadline.timeIntervalSince(now) / 86_400).rounded(.up))
        } else {
            result.status = .blocked
        }
        return result
    }

    /// Why the account is exempt, if it is.
    static func exemption(_ facts: RootFacts, _ configuration: MandateConfiguration, now: Date) -> String? {
        if !facts.partition.hasRootUsers {
            return "the \(facts.partition) partition has no root user credentials"
        }
        if !facts.hasCredentials { return "no root credentials" }
        if let exemption = configuration.exemptions.first(where: { $0.account == facts.account && $0.applies(at: now) })
        {
            let until = exemption.expires.map { " until \(Timestamp.iso8601($0))" } ?? ""
            return "exempted by the operator\(until): \(exemption.reason)"
        }
        return nil
    }

    static func hasAllowedDevice(_ facts: RootFacts, _ configuration: MandateConfiguration) -> Bool {
        switch configuration.devices {
        case .any: !facts.devices.isEmpty
        case .phishingResistant: facts.devices.contains { $0.phishingResistant }
        }
    }
}
