import CoreMetrics
import Foundation
import RampartCore
import RampartServices

/// The MFA posture dashboard's figures as Prometheus gauges, summed over every account of the
/// server, set from the same `PostureFigures` the console shows when `/metrics` is scraped. `/metrics`
/// is unauthenticated, so no label names an account, a principal or a rule: the only labels are the
/// mandate's statuses and the managed rules' identifiers, both fixed sets.
struct PostureGauges: Sendable {
    let factory: any MetricsFactory

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

    /// Every account's figures, computed as the dashboard computes them.
    func refresh(_ posture: PostureService) async {
        guard let all = try? await posture.figuresOfEveryAccount() else { return }
        set(all.map(\.1))
    }
}
