import RampartServices

/// The bar above every signed-in page: where to go, where you are (the current section is marked for the
/// eye and for screen readers), the account and whom the console is acting as. After "Switch role" it
/// names the role and its account ("RoleName @ 123456789012", highlighted) and offers to switch back to
/// the identity that signed in. "Event history" is there only for principals that may look up events;
/// the administrator's sections (users, groups, roles, policies, account) for those that may list users.
enum ConsoleHeader {
    struct Link {
        var id: String
        var href: String
        var text: String
    }

    /// `verify`: the session carries no MFA and its principal has a device, so the bar offers
    /// "Verify with MFA" (`/console/verify`). `path`: the page's, to mark its section.
    static func render(
        _ identity: ConsoleIdentity?, csrf: String, events: Bool = false, verify: Bool = false,
        administer: Bool = false, path: String = ""
    ) -> String {
        guard let identity else { return "" }
        let switchBack =
            identity.switchedRole == nil
            ? ""
            : """
            <form method="post" action="/console/switch-back" id="switch-back">
            \(Layout.csrfField(csrf))
            <button type="submit" id="switch-back-button">Switch back to \(HTML.escape(identity.signedInDisplayName))</button>
            </form>
            """
        let switched = identity.switchedRole == nil ? "" : " switched"
        let links = self.links(events: events, administer: administer)
        let current = section(of: path, among: links)
        func anchor(_ link: Link) -> String {
            let mark = link.id == current ? " aria-current=\"page\" class=\"current\"" : ""
            return "<a href=\"\(link.href)\" id=\"\(link.id)\"\(mark)>\(HTML.escape(link.text))</a>"
        }
        // The person's own pages sit with their name, as in AWS's account menu, so that the sections fit
        // one row at 1000 px.
        let nav = links.filter { !personal.contains($0.id) }.map(anchor).joined()
        let own = links.filter { personal.contains($0.id) }.map(anchor).joined()
        let account = identity.acting?.account.rawValue ?? identity.signedIn.account.rawValue
        return """
            <header class="console-header" id="console-header">
            <nav aria-label="Console sections">\(nav)</nav>
            <div class="who">\(verify ? "<a href=\"/console/verify\" id=\"verify-mfa\" class=\"verify\">Verify with MFA</a>" : "")<span class="account-label" id="nav-account">Account \(HTML.escape(account))</span><span class="identity\(switched)" id="acting-as">\(HTML.escape(identity.displayName))</span><nav class="own" aria-label="Your pages">\(own)</nav>\(switchBack)</div>
            </header>
            """
    }

    /// The links that are the signed-in person's own pages rather than sections of the account.
    static let personal: Set<String> = ["nav-security", "nav-switch-role"]

    static func links(events: Bool, administer: Bool) -> [Link] {
        var links = [Link(id: "nav-home", href: "/console", text: "Home")]
        if administer {
            links += [
                Link(id: "nav-users", href: "/console/users", text: "Users"),
                Link(id: "nav-groups", href: "/console/groups", text: "Groups"),
                Link(id: "nav-roles", href: "/console/roles", text: "Roles"),
                Link(id: "nav-policies", href: "/console/policies", text: "Policies"),
                Link(id: "nav-account-settings", href: "/console/account", text: "Account"),
            ]
        }
        links += [
            Link(id: "nav-organization", href: "/console/organization", text: "Organization"),
            Link(id: "nav-mandate", href: "/console/mandate", text: "MFA mandate"),
            Link(id: "nav-posture", href: "/console/posture", text: "MFA posture"),
        ]
        if events { links.append(Link(id: "nav-events", href: "/console/events", text: "Event history")) }
        links += [
            Link(id: "nav-security", href: "/console/security", text: "Security credentials"),
            Link(id: "nav-switch-role", href: "/console/switch-role", text: "Switch role"),
        ]
        return links
    }

    /// The id of the link whose section the path is in: the longest link that is the path or a folder of
    /// it ("/console/users/alice" is in Users; "/console" only in Home).
    static func section(of path: String, among links: [Link]) -> String? {
        links.filter { path == $0.href || ($0.href != "/console" && path.hasPrefix($0.href + "/")) }
            .max { $0.href.count < $1.href.count }?.id
    }
}
