import Foundation
import RampartCore
import RampartServices

/// The security page's "Recent sign-ins": the person's latest console sign-ins from the audit trail,
/// newest first — when, from which address, whether a second factor was used and which device (by
/// its name on this page when it has one), and whether it succeeded — so a sign-in they did not make
/// stands out. When the search stopped at its bound before finding enough, it says so.
enum RecentSignInsSection {
    static func render(
        _ recent: SignInHistory.Recent?, nicknames: [String: String] = [:], allEvents: String? = nil
    ) -> String {
        guard let recent else {
            return "<h2>Recent sign-ins</h2><p id=\"no-sign-ins\">Your sign-ins could not be read.</p>"
        }
        let more = allEvents.map { " <a href=\"\(HTML.escape($0))\" id=\"all-sign-ins\">All your events</a>" } ?? ""
        let bound =
            recent.searchedAll
            ? ""
            : "<p class=\"facts\" id=\"sign-ins-bound\">Only your latest \(SignInHistory.pageSize * SignInHistory.pageBound) events were searched.\(more)</p>"
        guard !recent.entries.isEmpty else {
            return "<h2>Recent sign-ins</h2><p id=\"no-sign-ins\">No sign-ins are recorded.</p>\(bound)"
        }
        return """
            <h2>Recent sign-ins</h2>
            <div class="table-scroll"><table id="recent-sign-ins">
            <thead><tr><th>When (UTC)</th><th>Source IP address</th><th>MFA</th><th>Result</th></tr></thead>
            <tbody>\(recent.entries.enumerated().map { row($0.element, index: $0.offset, nicknames: nicknames) }.joined())</tbody>
            </table></div>
            \(bound.isEmpty && !more.isEmpty ? "<p class=\"facts\">\(more)</p>" : bound)
            """
    }

    static func row(_ entry: SignInHistory.Entry, index: Int, nicknames: [String: String]) -> String {
        // Day and time each kept whole: in the narrow page the cell breaks between them, not inside.
        let when = EventHistoryPage.when(entry.time).split(separator: " ").map { "<span>\($0)</span>" }
        let time = "<time datetime=\"\(Timestamp.iso8601(entry.time))\">\(when.joined(separator: " "))</time>"
        return """
            <tr class="sign-in" id="sign-in-\(index)"><td class="when">\(time)</td><td class="source-ip">\(HTML.escape(entry.sourceIp))</td><td class="mfa">\(mfa(entry, nicknames: nicknames))</td><td class="result">\(result(entry))</td></tr>
            """
    }

    /// "Yes" and the device, or "No".
    static func mfa(_ entry: SignInHistory.Entry, nicknames: [String: String]) -> String {
        guard entry.mfaUsed else { return "<span class=\"mfa-used\">No</span>" }
        guard let serial = entry.mfaIdentifier else { return "<span class=\"mfa-used\">Yes</span>" }
        let name = nicknames[serial].flatMap { $0.isEmpty ? nil : $0 }
        return """
            <span class="mfa-used">Yes</span>\(name.map { " <strong class=\"mfa-name\">\(HTML.escape($0))</strong>" } ?? "")<span class="mfa-identifier">\(HTML.escape(serial))</span>
            """
    }

    static func result(_ entry: SignInHistory.Entry) -> String {
        guard !entry.succeeded else { return "<span class=\"status status-compliant\">Success</span>" }
        let reason = entry.failureReason.map { "<span class=\"status-detail\">\(HTML.escape($0))</span>" } ?? ""
        return "<span class=\"status status-blocked\">Failure</span>\(reason)"
    }
}
