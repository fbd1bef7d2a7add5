import Foundation
import RampartCore
import RampartServices

/// The MFA posture dashboard: one account's, or (for a management account) every account of its
/// organization. Each figure is a link to the list behind it; the trend is drawn below.
enum PosturePage {
    struct View {
        var figures: PostureFigures
        var history: PostureHistory
        var organization: Bool
        /// The management account may switch between its own view and the organization's.
        var offersOrganization: Bool
        var now: Date

        /// `?view=organization` when the organization view is shown, for links that keep it.
        var viewQuery: String { organization ? "&view=organization" : "" }
    }

    static func render(_ view: View, header: String) -> String {
        let figures = view.figures
        let must = figures.mustHaveMFA.count
        func tile(_ list: PostureList, _ number: String, _ label: String, detail: String = "") -> String {
            """
            <li class="count"><a href="/console/posture/list?figure=\(list.rawValue)\(view.viewQuery)" id="figure-\(list.rawValue)"><span class="count-number">\(HTML.escape(number))</span> <span class="count-label">\(HTML.escape(label))</span>\(detail.isEmpty ? "" : "<span class=\"facts\">\(HTML.escape(detail))</span>")</a></li>
            """
        }
        let tiles = [
            tile(
                .mfa, percent(figures.withMFA.count, of: must), "have MFA",
                detail: "\(figures.withMFA.count) of \(must)"),
            tile(.withoutMFA, String(figures.withoutMFA.count), "without MFA"),
            tile(
                .phishingResistant, percent(figures.phishingResistant.count, of: must), "phishing-resistant",
                detail: "\(figures.phishingResistant.count) of \(must)"),
            tile(.inGrace, String(figures.mandate(.inGrace).count), "root in grace"),
            tile(.due, String(figures.mandate(.due).count), "root overdue"),
            tile(.blocked, String(figures.mandate(.blocked).count), "root blocked"),
            tile(.unusedDevices, String(figures.unusedDevices.count), "devices unused 90 days"),
            tile(.rootCredentials, String(figures.rootsWithCredentials.count), "root with password or keys"),
            tile(.nonCompliant, String(figures.nonCompliantResources), "non-compliant resources"),
            tile(.rootSignIns, String(figures.rootSignIns.count), "root sign-ins, 30 days"),
        ]
        let scope =
            view.organization
            ? "Every account of the organization (\(figures.accounts.count))"
            : "Account \(figures.accounts.first?.rawValue ?? "")"
        let switcher =
            view.offersOrganization
            ? (view.organization
                ? "<a href=\"/console/posture\" id=\"view-account\">Show this account only</a>"
                : "<a href=\"/console/posture?view=organization\" id=\"view-organization\">Show the whole organization</a>")
            : ""
        let body = """
            <p class="facts" id="posture-scope">\(HTML.escape(scope)) · \(HTML.escape(PostureList.time(view.now))) UTC \(switcher)</p>
            <ul class="counts posture" id="figures">\(tiles.joined())</ul>
            <h2>Trend</h2>
            \(PostureTrendChart.render(view.history, now: view.now))
            <h2>Config rules</h2>
            \(rules(figures, view))
            <h2>Recent root sign-ins</h2>
            \(PostureList.signIns(Array(figures.rootSignIns.prefix(5))))
            """
        return Layout.page(title: "MFA posture", body: body, header: header, width: .wide)
    }

    static func rules(_ figures: PostureFigures, _ view: View) -> String {
        guard !figures.rules.isEmpty else {
            return "<p class=\"facts\" id=\"no-rules\">No Config rule judges these accounts.</p>"
        }
        let rows = figures.rules.map { rule in
            """
            <tr><td>\(rule.account.rawValue)</td><td>\(HTML.escape(rule.rule))</td><td>\(HTML.escape(rule.sourceIdentifier))</td><td class="rule-non-compliant">\(rule.nonCompliant.count)</td></tr>
            """
        }
        return """
            <div class="table-scroll"><table id="rules"><thead><tr><th>Account</th><th>Rule</th><th>Managed rule</th><th><a href="/console/posture/list?figure=non-compliant\(view.viewQuery)">Non-compliant resources</a></th></tr></thead><tbody>\(rows.joined())</tbody></table></div>
            """
    }

    static func list(_ list: PostureList, _ view: View, header: String) -> String {
        let back = "/console/posture" + (view.organization ? "?view=organization" : "")
        let body = """
            <p class="facts"><a href="\(back)" id="back">Back to the dashboard</a></p>
            \(list.table(view.figures))
            """
        return Layout.page(title: list.title, body: body, header: header, width: .wide)
    }

    static func percent(_ part: Int, of whole: Int) -> String {
        guard whole > 0 else { return "—" }
        return "\(Int((Double(part) * 100 / Double(whole)).rounded()))%"
    }

    static func refused(_ reason: String, header: String) -> String {
        Layout.page(title: "MFA posture", body: Layout.message(reason), header: header)
    }
}
