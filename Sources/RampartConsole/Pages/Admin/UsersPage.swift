import Foundation
import RampartServices

/// The account's users, a page at a time, filtered by the start of their name: groups, MFA (which kind,
/// and whether it resists phishing), password age, last sign-in, access keys, and where each stands
/// with the sign-in rules (in grace, blocked, locked out). Below, the form that creates a user.
enum UsersPage {
    static let pageSize = 20

    struct Row {
        var user: IAM.User
        /// Nil where the principal may not list them.
        var groups: [String]?
        var devices: [String]?
        var keys: [IAM.AccessKeyMetadata]?
        var standing: UserStanding
    }

    struct Listing {
        var rows: [Row]
        var prefix: String
        var start: Int
        var total: Int
    }

    static func render(_ listing: Listing?, now: Date, csrf: String, header: String, messages: PageMessages)
        -> String
    {
        let table: String
        if let listing {
            table =
                AdminTable.render(
                    id: "users", label: "Users",
                    headers: [
                        "User", "Groups", "MFA", "Password age", "Last sign-in", "Access keys", "Status",
                    ],
                    rows: listing.rows.map { row($0, now: now) },
                    empty: listing.prefix.isEmpty ? "There are no users yet." : "No user's name starts with that.")
                + pager(listing)
        } else {
            table = ""
        }
        return Layout.page(
            title: "Users",
            body: """
                \(messages.html)
                <form method="get" action="/console/users" class="inline" id="user-search" role="search">
                <label for="prefix">Name starts with</label>
                <input name="prefix" id="prefix" value="\(HTML.escape(listing?.prefix ?? ""))" autocomplete="off">
                <button type="submit" id="search-button">Search</button>
                </form>
                \(table)
                <h2 id="create-heading">Create user</h2>
                <form method="post" action="/console/users/create" id="create-user" class="inline">
                \(Layout.csrfField(csrf))
                <label>User name <input name="name" id="new-user-name" required maxlength="64" autocomplete="off"></label>
                <label>Console password (optional) <input name="password" id="new-user-password" type="password" autocomplete="new-password"></label>
                <label class="check"><input type="checkbox" name="reset" value="1" id="new-user-reset" checked> Must change it at first sign-in</label>
                <button type="submit" id="create-user-button">Create user</button>
                </form>
                """,
            header: header, width: .full)
    }

    static func row(_ row: Row, now: Date) -> [AdminTable.Cell] {
        let name = row.user.userName
        let mfa: AdminTable.Cell
        if let devices = row.devices {
            let summary = MFAKind.summary(devices)
            let resistant =
                devices.isEmpty
                ? ""
                : "<span class=\"status-detail\">\(summary.phishingResistant ? "phishing-resistant" : "not phishing-resistant")</span>"
            mfa = .html("<span class=\"mfa-summary\">\(HTML.escape(summary.text))</span>\(resistant)")
        } else {
            mfa = .text("—")
        }
        let keys: AdminTable.Cell
        if let list = row.keys {
            let oldest = list.compactMap(\.createDate).min()
            keys = .html(
                list.isEmpty
                    ? "None"
                    : "\(list.count)<span class=\"status-detail\">oldest \(AdminTime.age(of: oldest, now: now))</span>")
        } else {
            keys = .text("—")
        }
        return [
            .html(AdminTable.link(name, to: AdminPath.entity(.users, name), id: "user-\(name)")),
            .text(row.groups.map { $0.isEmpty ? "None" : $0.joined(separator: ", ") } ?? "—"),
            mfa,
            .text(
                row.standing.passwordLastChanged.map { AdminTime.age(of: $0, now: now) } ?? "No console password"),
            .html(row.user.passwordLastUsed.map { AdminTime.day($0) } ?? "Never"),
            keys,
            .html(UserStatusBadge.render(row.standing, now: now)),
        ]
    }

    static func pager(_ listing: Listing) -> String {
        func link(_ start: Int, _ text: String, _ id: String) -> String {
            var query = "start=\(start)"
            if !listing.prefix.isEmpty {
                query +=
                    "&prefix=" + (listing.prefix.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
            }
            return AdminTable.link(text, to: "/console/users?" + query, id: id)
        }
        let end = min(listing.start + pageSize, listing.total)
        var parts = [
            "<span id=\"users-range\">\(listing.total == 0 ? 0 : listing.start + 1)–\(end) of \(listing.total)</span>"
        ]
        if listing.start > 0 { parts.append(link(max(0, listing.start - pageSize), "Previous", "previous-page")) }
        if end < listing.total { parts.append(link(end, "Next", "next-page")) }
        return "<nav class=\"pager\" aria-label=\"Pages of users\">\(parts.joined())</nav>"
    }
}
