import Foundation
import RampartCore
import RampartServices

/// The root-user MFA mandate as the operator account's principals see it: where every account stands
/// on a date (counts per status on top, then per wave), the configuration and its exemptions, the
/// rollout with its controls, forms to exempt and move accounts and to plan a rollout, and the report's
/// table of every account. Principals of any other account are told that only the operator account
/// manages the mandate.
enum MandatePage {
    /// What GetMandateReport gave, and when it was asked.
    struct View {
        var configuration: MandateConfiguration
        var report: MandateReport
        /// The server's time: which waves the forms may still skip.
        var now: Date
        /// The date asked for with `?date=`, as it was typed; nil for now.
        var date: String?
    }

    static let title = "Root-user MFA mandate"

    static func render(_ view: View, header: String, csrf: String, messages: PageMessages) -> String {
        Layout.page(
            title: title,
            body: """
                \(messages.html)
                \(dateForm(view))
                \(MandateCounts.overall(view.report))
                <h2>Configuration</h2>
                \(MandateConfigurationSection.render(view, csrf: csrf))
                <h2>Rollout</h2>
                \(MandateRolloutSection.render(view, csrf: csrf))
                <h2>Manage</h2>
                <div class="forms">\(MandateForms.render(view, csrf: csrf))</div>
                <h2>Accounts</h2>
                \(MandateReportTable.render(view.report))
                """,
            header: header, width: .full)
    }

    /// The report's date, and a form to see it for another day.
    static func dateForm(_ view: View) -> String {
        let shown = view.date == nil ? "now (\(when(view.report.date)))" : "on \(when(view.report.date))"
        let current = view.date == nil ? "" : " <a href=\"/console/mandate\" id=\"report-now\">Back to now</a>"
        return """
            <form method="get" action="/console/mandate" id="report-date" class="inline">
            <label>Report for the day (UTC) <input type="date" name="date" id="date" value="\(HTML.escape(view.date ?? ""))"></label>
            <button type="submit" id="date-button">Show</button>
            </form>
            <p class="facts">Where every account's root user stands <span id="report-when">\(HTML.escape(shown))</span>.\(current)</p>
            """
    }

    /// For principals of any account but the operator's.
    static func notOperator(account: AccountID, header: String) -> String {
        Layout.page(
            title: title,
            body: """
                <p class="notice" id="not-operator">Only the operator account manages the root-user MFA mandate: the account <code>rampart init</code> made, in the usual setup the management account of the organization. Account <code>\(HTML.escape(account.rawValue))</code> is not the operator account, so this page shows it nothing and changes nothing.</p>
                """,
            header: header)
    }

    /// When even reading the report is refused: only the reason.
    static func unavailable(header: String, messages: PageMessages) -> String {
        Layout.page(title: title, body: messages.html, header: header)
    }

    /// `2027-01-15 09:00 UTC`; without the zone in tables, whose headings say UTC.
    static func when(_ date: Date, zone: Bool = true) -> String {
        let text = Timestamp.iso8601(date)
        return "\(text.prefix(10)) \(text.dropFirst(11).prefix(5))\(zone ? " UTC" : "")"
    }

    /// A `<time>` element for a date, or a dash.
    static func time(_ date: Date?, zone: Bool = true) -> String {
        guard let date else { return "—" }
        return "<time datetime=\"\(Timestamp.iso8601(date))\">\(when(date, zone: zone))</time>"
    }
}
