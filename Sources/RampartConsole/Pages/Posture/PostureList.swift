import Foundation
import RampartCore
import RampartServices

/// A figure of the dashboard and the list behind it (`/console/posture/list?figure=…`).
enum PostureList: String, CaseIterable {
    case mfa
    case withoutMFA = "without-mfa"
    case phishingResistant = "phishing-resistant"
    case inGrace = "in-grace"
    case due
    case blocked
    case unusedDevices = "unused-devices"
    case rootCredentials = "root-credentials"
    case nonCompliant = "non-compliant"
    case rootSignIns = "root-sign-ins"

    var title: String {
        switch self {
        case .mfa: "Principals that must have MFA"
        case .withoutMFA: "Principals that must have MFA and have none"
        case .phishingResistant: "Principals with a passkey or security key"
        case .inGrace: "Root users in their grace period"
        case .due: "Root users overdue: their wave has started"
        case .blocked: "Root users blocked until they set up MFA"
        case .unusedDevices: "MFA devices unused for 90 days"
        case .rootCredentials: "Root users with a password or access keys"
        case .nonCompliant: "Non-compliant resources by Config rule"
        case .rootSignIns: "Root sign-ins in the last 30 days"
        }
    }

    /// The list's table, rows in the figures' order.
    func table(_ figures: PostureFigures) -> String {
        switch self {
        case .mfa, .withoutMFA, .phishingResistant:
            let rows =
                self == .mfa
                ? figures.mustHaveMFA : self == .withoutMFA ? figures.withoutMFA : figures.phishingResistant
            return Self.table(
                ["Account", "Principal", "MFA", "Passkey or security key"],
                rows.map {
                    [$0.account.rawValue, $0.name, $0.hasMFA ? "yes" : "no", $0.phishingResistant ? "yes" : "no"]
                })
        case .inGrace, .due, .blocked:
            let status: MandateAssessment.Status = self == .inGrace ? .inGrace : self == .due ? .due : .blocked
            return Self.table(
                ["Account", "Name", "Status", "Days left"],
                figures.mandate(status).map {
                    [$0.account.rawValue, $0.accountName, $0.status.rawValue, $0.daysLeft.map(String.init) ?? "—"]
                })
        case .unusedDevices:
            return Self.table(
                ["Account", "Owner", "Device", "Type", "Last used (UTC)"],
                figures.unusedDevices.map {
                    [
                        $0.account.rawValue, $0.owner, $0.name, $0.kind,
                        $0.lastUsed.map(Self.time) ?? "never (enabled \(Self.time($0.enabled)))",
                    ]
                })
        case .rootCredentials:
            return Self.table(
                ["Account", "Password", "Active access keys"],
                figures.rootsWithCredentials.map {
                    [$0.account.rawValue, $0.password ? "yes" : "no", String($0.activeAccessKeys)]
                })
        case .nonCompliant:
            let rows = figures.rules.flatMap { rule in
                rule.nonCompliant.map { [rule.account.rawValue, rule.rule, rule.sourceIdentifier, $0] }
            }
            return Self.table(["Account", "Rule", "Managed rule", "Resource"], rows)
        case .rootSignIns:
            return Self.signIns(figures.rootSignIns)
        }
    }

    static func signIns(_ signIns: [PostureFigures.RootSignIn]) -> String {
        table(
            ["Time (UTC)", "Account", "Source IP", "MFA used", "Result"],
            signIns.map {
                [
                    time($0.time), $0.account.rawValue, $0.sourceIp, $0.mfaUsed ? "yes" : "no",
                    $0.succeeded ? "Success" : "Failure",
                ]
            })
    }

    static func table(_ heads: [String], _ rows: [[String]]) -> String {
        guard !rows.isEmpty else { return "<p class=\"facts\" id=\"list-empty\">None.</p>" }
        let head = heads.map { "<th>\(HTML.escape($0))</th>" }.joined()
        let body = rows.map { "<tr>" + $0.map { "<td>\(HTML.escape($0))</td>" }.joined() + "</tr>" }.joined()
        return """
            <div class="table-scroll"><table id="list"><thead><tr>\(head)</tr></thead><tbody>\(body)</tbody></table></div>
            """
    }

    static func time(_ date: Date) -> String {
        Timestamp.iso8601(date).prefix(16).replacingOccurrences(of: "T", with: " ")
    }
}
