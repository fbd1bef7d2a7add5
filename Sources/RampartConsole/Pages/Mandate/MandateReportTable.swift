import Foundation
import RampartCore
import RampartServices

/// The report's table: one row per account, by wave and then by id, with the root user's credentials
/// and devices, its status (with the days of grace left, or why it is exempt or out of scope), the day
/// sign-in will need MFA, and whether its wave only rehearses.
enum MandateReportTable {
    static func render(_ report: MandateReport) -> String {
        let rows = report.rows.sorted {
            ($0.assessment.wave ?? Int.max, $0.accountId) < ($1.assessment.wave ?? Int.max, $1.accountId)
        }
        return """
            <div class="table-scroll"><table class="report" id="report">
            <thead><tr><th>Account ID</th><th>Name</th><th>Kind</th><th>Partition</th><th>Wave</th><th>Wave start (UTC)</th><th>Root credentials</th><th>MFA devices</th><th>Status</th><th>Block date (UTC)</th><th>Dry run</th></tr></thead>
            <tbody>\(rows.map(row).joined())</tbody>
            </table></div>
            """
    }

    static func row(_ row: MandateReport.Row) -> String {
        let id = HTML.escape(row.accountId)
        let assessment = row.assessment
        return """
            <tr id="row-\(id)"><td class="account-id"><code>\(id)</code></td><td class="account-name">\(HTML.escape(row.name))<div class="facts">\(HTML.escape(row.email))</div></td><td class="kind">\(row.kind.rawValue)</td><td class="partition">\(HTML.escape(row.partition))</td><td class="wave">\(assessment.wave.map(String.init) ?? "—")</td><td class="wave-start">\(MandatePage.time(assessment.waveStart, zone: false))</td><td class="root-credentials">\(row.hasRootCredentials ? "yes" : "none")</td><td class="devices">\(devices(row))</td><td class="status-cell">\(status(assessment))</td><td class="block-date">\(MandatePage.time(assessment.blockDate, zone: false))</td><td class="dry-run">\(assessment.dryRun ? "yes" : "no")</td></tr>
            """
    }

    /// The status, with what qualifies it: days of grace left, or the reason for an exemption or for
    /// being out of scope.
    static func status(_ assessment: MandateAssessment) -> String {
        var detail = ""
        if assessment.status == .inGrace, let days = assessment.daysLeft {
            detail = "\(days) day\(days == 1 ? "" : "s") left"
        } else if let reason = assessment.reason {
            detail = HTML.escape(reason)
        }
        let qualifier = detail.isEmpty ? "" : " <span class=\"status-detail\">\(detail)</span>"
        return MandateStatusBadge.render(assessment.status) + qualifier
    }

    /// The root user's devices by type, and how many of them resist phishing.
    static func devices(_ row: MandateReport.Row) -> String {
        guard !row.devices.isEmpty else { return "none" }
        let names = [
            "AUTHENTICATOR_APP": "authenticator app", "HARDWARE_TOTP": "hardware TOTP", "SECURITY_KEY": "security key",
        ]
        let kinds = row.devices.keys.sorted().map { type in
            let count = row.devices[type] ?? 0
            let name = names[type] ?? type
            return HTML.escape("\(count) \(name)\(count == 1 || name.hasSuffix("TOTP") ? "" : "s")")
        }
        return kinds.joined(separator: ", ")
            + "<div class=\"facts phishing-resistant\">\(row.phishingResistantDevices) phishing-resistant</div>"
    }
}
