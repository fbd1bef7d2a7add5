import Foundation
import RampartCore
import RampartServices

/// The mandate's configuration: the account kinds in scope, the grace period, the devices that count,
/// and the operator's exemptions (each with its reason, its expiry and a button to remove it).
enum MandateConfigurationSection {
    static func render(_ view: MandatePage.View, csrf: String) -> String {
        let configuration = view.configuration
        let kinds = configuration.kinds.sorted().map(\.rawValue).joined(separator: ", ")
        let devices =
            switch configuration.devices {
            case .any: "Any MFA device: authenticator apps, hardware TOTP tokens, security keys and passkeys"
            case .phishingResistant: "Phishing-resistant devices only: security keys and passkeys"
            }
        let days = configuration.gracePeriodDays
        return """
            <dl class="pairs" id="configuration">
            <dt>Account kinds in scope</dt><dd id="kinds">\(kinds.isEmpty ? "none" : kinds)</dd>
            <dt>Grace period</dt><dd id="grace-days">\(days) day\(days == 1 ? "" : "s") after the first prompt</dd>
            <dt>Allowed devices</dt><dd id="allowed-devices">\(devices) (\(configuration.devices.rawValue))</dd>
            </dl>
            <h3>Exemptions</h3>
            \(exemptions(view, csrf: csrf))
            """
    }

    static func exemptions(_ view: MandatePage.View, csrf: String) -> String {
        let exemptions = view.configuration.exemptions
        guard !exemptions.isEmpty else {
            return "<p class=\"facts\" id=\"no-exemptions\">The operator has exempted no account.</p>"
        }
        let names = Dictionary(
            view.report.rows.map { ($0.accountId, $0.name) }, uniquingKeysWith: { first, _ in first })
        let rows = exemptions.sorted { $0.account.rawValue < $1.account.rawValue }.map { exemption in
            let id = HTML.escape(exemption.account.rawValue)
            let name =
                names[exemption.account.rawValue].map { " <span class=\"facts\">\(HTML.escape($0))</span>" } ?? ""
            let expired = exemption.applies(at: view.report.date) ? "" : " <span class=\"facts\">(expired)</span>"
            let expires = exemption.expires.map { MandatePage.time($0, zone: false) } ?? "never"
            return """
                <tr id="exemption-\(id)"><td><code>\(id)</code>\(name)</td><td class="exemption-reason">\(HTML.escape(exemption.reason))</td><td class="exemption-expires">\(expires)\(expired)</td><td>\(MandatePage.time(exemption.createdAt, zone: false))</td><td><form method="post" action="/console/mandate/unexempt" class="row-action">\(Layout.csrfField(csrf))<input type="hidden" name="account" value="\(id)"><button type="submit" class="secondary" id="unexempt-\(id)">Remove exemption</button></form></td></tr>
                """
        }
        return """
            <div class="table-scroll"><table id="exemptions">
            <thead><tr><th>Account</th><th>Reason</th><th>Expires (UTC)</th><th>Since</th><th></th></tr></thead>
            <tbody>\(rows.joined())</tbody>
            </table></div>
            """
    }
}
