import CoreMetrics
import Foundation
import RampartCore
import RampartServices
import Synchronization

/// The MFA posture dashboard's figures as Prometheus gauges, summed over every account of the
/// server, set from the same `PostureFigures` the console shows when `/metrics` is scraped. `/metrics`
/// is unauthenticated, so no label names an account, a principal or a rule: the only labels are the
/// mandate's statuses and the managed rules' identifiers, both fixed sets.
///
/// Computing the figures reads every account, so a scrape reuses the last ones while the store has
/// not changed (same snapshot generation) and they are younger than `maximumAge` by the server's
/// clock: the time-dependent figures (grace days, unused devices, sign-ins of the last 30 days, the
/// trail's sign-ins, which are not store commits) are then at most that late.
final class PostureGauges: Sendable {
    let factory: any MetricsFactory
    static let maximumAge: TimeInterval = 10
    /// The store generation and the time of the figures the gauges hold.
    private let computed = Mutex<(generation: UInt64, at: Date)?>(nil)

    init(factory: any MetricsFactory) {
        self.factory = factory
    }

    func gauge(_ name: String, _ dimensions: [(String, String)] = []) -> CoreMetrics.Meter {
        CoreMetrics.Meter(label: "rampart_posture_" + name, dimensions: dimensions, factory: factory)
    }

    func set(_ all: [PostureFigures]) {
        func total(_ count: (PostureFigures) -> Int) -> Int { all.reduce(0) { $0 + count($1) } }
        gauge("mfa_required_principals").set(total { $0.mustHaveMFA.count })
        gauge("mfa_enabled_principals").set(total { $0.withMFA.count })
        gauge("phishing_resistant_principals").set(total { $0.phishingResistant.count })
        for status in [MandateAssessment.Status.inGrace, .due, .blocked] {
            gauge("mandate_roots", [("status", status.rawValue)]).set(total { $0.mandate(status).count })
        }
        gauge("unused_mfa_devices").set(total { $0.unusedDevices.count })
        gauge("root_with_credentials").set(total { $0.rootsWithCredentials.count })
        gauge("root_sign_ins_30d").set(total { $0.rootSignIns.count })
        var byRule: [String: Int] = [:]
        for identifier in PostureFigures.managedRuleIdentifiers { byRule[identifier] = 0 }
        for figures in all {
            for rule in figures.rules { byRule[rule.sourceIdentifier, default: 0] += rule.nonCompliant.count }
        }
        for (identifier, count) in byRule {
            gauge("noncompliant_resources", [("managed_rule", identifier)]).set(count)
        }
    }

    /// Every account's figures, computed as the dashboard computes them, unless the gauges already
    /// hold those of this store generation from less than `maximumAge` ago.
    func refresh(_ posture: PostureService, generation: UInt64, now: Date) async {
        if let last = computed.withLock({ $0 }), last.generation == generation,
            abs(now.timeIntervalSince(last.at)) < Self.maximumAge
        {
            return
        }
        guard let all = try? await posture.figuresOfEveryAccount() else { return }
        set(all.map(\.1))
        computed.withLock { $0 = (generation, now) }
    }
}
