import Foundation
import RampartCore
import RampartServices

/// "Event history": the audit trail through LookupEvents, as AWS's console shows CloudTrail's event
/// history. A form filters by one lookup attribute and a time range; the events follow newest first,
/// fifty a page, each a row (time, user name, event name, resource types and names, source IP, error
/// code) that opens to its full record; a link carries the NextToken to the next page. Every value
/// on it was written by someone who made a call, so every value is escaped.
enum EventHistoryPage {
    /// What LookupEvents answered for a filter.
    struct View {
        var filter: EventFilter
        var rows: [EventRow]
        var nextToken: String?
        /// The account whose trail this is, and the organization when the account manages one (its
        /// history then holds every member account's events).
        var account: AccountID
        var organization: String?
    }

    static let title = "Event history"

    /// The select's labels, in AWS's console's words.
    static let keyLabels: [(TrailAttribute, String)] = [
        (.eventName, "Event name"), (.username, "User name"), (.resourceType, "Resource type"),
        (.resourceName, "Resource name"), (.eventSource, "Event source"), (.eventId, "Event ID"),
        (.accessKeyId, "AWS access key"), (.readOnly, "Read-only"),
    ]

    static func render(_ view: View, header: String, messages: PageMessages = .init()) -> String {
        Layout.page(
            title: title,
            body: """
                \(messages.html)
                \(form(view.filter))
                \(scope(view))
                \(list(view.rows))
                \(pager(view))
                """,
            header: header, width: .full)
    }

    /// When the lookup itself failed (a bad time, a token from another question): the form and why.
    static func failed(_ filter: EventFilter, header: String, messages: PageMessages) -> String {
        Layout.page(title: title, body: messages.html + form(filter), header: header, width: .full)
    }

    /// For principals that may not call `cloudtrail:LookupEvents`: the authorizer's reason, nothing else.
    static func notAuthorized(reason: String, header: String) -> String {
        Layout.page(
            title: title,
            body: """
                <p class="error" role="alert" id="not-authorized">You are not authorized to look up events: the event history needs permission for <code>cloudtrail:LookupEvents</code>.</p>
                <p class="facts" id="denied-reason">\(HTML.escape(reason))</p>
                <p><a href="/console">Console home</a></p>
                """,
            header: header)
    }

    static func form(_ filter: EventFilter) -> String {
        let options = keyLabels.map { key, label in
            let selected = key == filter.key ? " selected" : ""
            return "<option value=\"\(key.rawValue)\"\(selected)>\(label)</option>"
        }
        return """
            <form method="get" action="/console/events" id="lookup-form" class="inline">
            <label>Lookup attribute <select name="key" id="lookup-key">\(options.joined())</select></label>
            <label>Value <input name="value" id="lookup-value" value="\(HTML.escape(filter.value))" maxlength="2000"></label>
            <label>From (UTC) <input type="datetime-local" name="from" id="from" value="\(HTML.escape(filter.from))"></label>
            <label>To (UTC) <input type="datetime-local" name="to" id="to" value="\(HTML.escape(filter.to))"></label>
            <button type="submit" id="lookup">Look up</button>
            <a href="/console/events" id="clear">Clear</a>
            </form>
            """
    }

    static func scope(_ view: View) -> String {
        let whose =
            view.organization.map {
                "every account of organization <code>\(HTML.escape($0))</code>, which account <code>\(HTML.escape(view.account.rawValue))</code> manages"
            } ?? "account <code>\(HTML.escape(view.account.rawValue))</code>"
        return "<p class=\"facts\" id=\"scope\">Events of \(whose), newest first, \(EventFilter.pageSize) a page.</p>"
    }

    static func list(_ rows: [EventRow]) -> String {
        guard !rows.isEmpty else { return "<p id=\"no-events\">No events match.</p>" }
        return """
            <div class="events" id="events">
            <div class="event-head" aria-hidden="true"><span>Event time (UTC)</span><span>User name</span><span>Event name</span><span>Resource type</span><span>Resource name</span><span>Source IP address</span><span>Error code</span></div>
            \(rows.enumerated().map { row($0.element, index: $0.offset) }.joined(separator: "\n"))
            </div>
            """
    }

    /// A row that opens to its record. Each cell carries its column's name for screen readers, which
    /// the visual heading above (hidden from them) does not give.
    static func row(_ row: EventRow, index: Int) -> String {
        func cell(_ name: String, _ label: String, _ content: String) -> String {
            "<span class=\"\(name)\"><span class=\"cell-label\">\(label): </span>\(content)</span>"
        }
        let resourceTypes = row.resources.map { "<span class=\"line\">\(HTML.escape($0.type))</span>" }
        let resourceNames = row.resources.map { "<span class=\"line\">\(HTML.escape($0.name))</span>" }
        let source = "<span class=\"event-source\">\(HTML.escape(row.eventSource))</span>"
        let time = row.time.map { "<time datetime=\"\(Timestamp.iso8601($0))\">\(when($0))</time>" } ?? ""
        let error = row.errorCode.map { "<span class=\"error-badge\">\(HTML.escape($0))</span>" } ?? ""
        let cells = [
            cell("event-time", "Event time", time),
            cell("user-name", "User name", HTML.escape(row.userName)),
            cell("event-name", "Event name", HTML.escape(row.eventName) + source),
            cell("resource-type", "Resource type", resourceTypes.joined()),
            cell("resource-name", "Resource name", resourceNames.joined()),
            cell("source-ip", "Source IP address", HTML.escape(row.sourceIp)),
            cell("error-code", "Error code", error),
        ]
        return """
            <details class="event" id="event-\(index)" data-event-id="\(HTML.escape(row.eventId))">
            <summary>\(cells.joined())</summary>
            <pre class="event-json" id="event-json-\(index)">\(HTML.escape(PrettyJSON.format(row.json)))</pre>
            </details>
            """
    }

    static func pager(_ view: View) -> String {
        var links = [String]()
        if view.filter.token != nil {
            links.append("<a href=\"\(link(view.filter, token: nil))\" id=\"first-page\">First page</a>")
        }
        if let next = view.nextToken {
            links.append("<a href=\"\(link(view.filter, token: next))\" id=\"next-page\">Next page</a>")
        }
        guard !links.isEmpty else { return "" }
        return "<nav class=\"pager\" aria-label=\"Pages\">\(links.joined(separator: " "))</nav>"
    }

    /// The page's address for the filter at a page, escaped for an attribute.
    static func link(_ filter: EventFilter, token: String?) -> String {
        let query = filter.query(token: token)
        return HTML.escape("/console/events" + (query.isEmpty ? "" : "?" + query))
    }

    /// `2027-01-15 09:00:01`: the headings say UTC.
    static func when(_ date: Date) -> String {
        let text = Timestamp.iso8601(date)
        return "\(text.prefix(10)) \(text.dropFirst(11).prefix(8))"
    }
}
