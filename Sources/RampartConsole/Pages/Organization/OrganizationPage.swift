import Foundation
import RampartCore

/// The organization as its account sees it. The management account's principals see the tree (the root,
/// its OUs nested, each account with its id, name, email, state and how and when it joined, the
/// management account marked) with links to switch into each member's access role, and forms to add OUs
/// and accounts and to move accounts. A member sees which organization it belongs to; a standalone
/// account, that it belongs to none, with a button to create one.
enum OrganizationPage {
    /// What the Organizations read operations gave for the management account's tree.
    struct Tree {
        var organization: Organization
        var units: [OrganizationalUnit]
        var accounts: [Account]
        /// CreateAccount requests still running or failed, newest first.
        var requests: [CreateAccountRequestStatus]
    }

    typealias Messages = PageMessages

    static let title = "Organization"

    static func tree(_ tree: Tree, header: String, csrf: String, canSwitch: Bool, messages: Messages) -> String {
        let organization = tree.organization
        let switchNote =
            canSwitch
            ? ""
            : "<p class=\"facts\" id=\"switch-note\">Sign in as an IAM user of this account to switch into member accounts' roles: the root user cannot switch roles.</p>"
        return Layout.page(
            title: title,
            body: """
                \(messages.html)
                <dl id="organization">
                <dt>Organization</dt><dd id="organization-id">\(HTML.escape(organization.id))</dd>
                <dt>Management account</dt><dd id="management-account">\(HTML.escape(organization.managementAccount.rawValue))</dd>
                <dt>Feature set</dt><dd>\(HTML.escape(organization.featureSet.rawValue))</dd>
                </dl>
                \(switchNote)
                <h2>Accounts and organizational units</h2>
                <ul class="tree" id="tree"><li class="root" id="root-\(HTML.escape(organization.root.id))"><span class="root-name">\(HTML.escape(organization.root.name))</span> <code>\(HTML.escape(organization.root.id))</code>\(children(of: organization.root.id, tree, canSwitch: canSwitch, depth: 0))</li></ul>
                \(requests(tree.requests))
                <h2>Manage</h2>
                <div class="forms">\(forms(tree, csrf: csrf))</div>
                """,
            header: header, width: .wide)
    }

    /// The OUs and accounts under a root or OU, as a nested list; bounded so a damaged record cannot loop.
    static func children(of parentId: String, _ tree: Tree, canSwitch: Bool, depth: Int) -> String {
        guard depth <= Limits.organizationalUnitDepth else { return "" }
        let units = tree.units.filter { $0.parentId == parentId }.sorted { $0.name < $1.name }
        // The management account first, then by name.
        let management = tree.organization.managementAccount
        let accounts = tree.accounts.filter { $0.membership?.parentId == parentId }.sorted {
            ($0.id == management ? 0 : 1, $0.displayName) < ($1.id == management ? 0 : 1, $1.displayName)
        }
        guard !units.isEmpty || !accounts.isEmpty else { return "" }
        var items = ""
        for unit in units {
            items += """
                <li class="unit" id="unit-\(HTML.escape(unit.id))"><span class="unit-name">\(HTML.escape(unit.name))</span> <code>\(HTML.escape(unit.id))</code>\(children(of: unit.id, tree, canSwitch: canSwitch, depth: depth + 1))</li>
                """
        }
        for account in accounts {
            items += accountItem(account, management: account.id == tree.organization.managementAccount, canSwitch)
        }
        return "<ul>\(items)</ul>"
    }

    static func accountItem(_ account: Account, management: Bool, _ canSwitch: Bool) -> String {
        let id = HTML.escape(account.id.rawValue)
        let badge = management ? " <span class=\"badge\" id=\"management-badge\">management account</span>" : ""
        let joined =
            account.membership.map {
                " · joined <span class=\"joined-date\">\(HTML.escape(Timestamp.iso8601($0.joinedTimestamp)))</span> (<span class=\"joined-method\">\($0.joinedMethod == .created ? "created" : "invited")</span>)"
            } ?? ""
        let role = Limits.organizationAccessRoleName
        let switchLink =
            !management && canSwitch
            ? " <a class=\"switch-link\" id=\"switch-\(id)\" href=\"/console/switch-role?account=\(id)&amp;role=\(HTML.escape(role))\">Switch role (\(HTML.escape(role)))</a>"
            : ""
        return """
            <li class="account\(management ? " management" : "")" id="account-\(id)"><strong class="account-name">\(HTML.escape(account.displayName))</strong> <code class="account-id">\(id)</code>\(badge)\(switchLink)
            <div class="facts"><span class="account-email">\(HTML.escape(account.rootEmail))</span> · <span class="account-state">\(HTML.escape(account.currentState.rawValue))</span>\(joined)</div></li>
            """
    }

    static func requests(_ requests: [CreateAccountRequestStatus]) -> String {
        guard !requests.isEmpty else { return "" }
        let rows = requests.map { request in
            let reason = request.failureReason.map { " (\(HTML.escape($0)))" } ?? ""
            return
                "<li class=\"create-request\"><strong>\(HTML.escape(request.accountName))</strong> \(HTML.escape(request.email)): <span class=\"request-state\">\(HTML.escape(request.state.rawValue))</span>\(reason)</li>"
        }
        return "<h2>Account creation</h2><ul id=\"create-requests\">\(rows.joined())</ul>"
    }

    static func forms(_ tree: Tree, csrf: String) -> String {
        let parents = parentOptions(tree)
        let members = tree.accounts.filter { $0.id != tree.organization.managementAccount }
            .sorted { $0.displayName < $1.displayName }
            .map {
                "<option value=\"\(HTML.escape($0.id.rawValue))\">\(HTML.escape($0.displayName)) (\(HTML.escape($0.id.rawValue)))</option>"
            }.joined()
        let move =
            members.isEmpty
            ? ""
            : """
            <form method="post" action="/console/organization/move" id="move-account">
            <h3>Move an account</h3>
            \(Layout.csrfField(csrf))
            <label>Account <select name="account" id="move-account-id">\(members)</select></label>
            <label>To <select name="destination" id="move-destination">\(parents)</select></label>
            <button type="submit" id="move-account-button">Move account</button>
            </form>
            """
        return """
            <form method="post" action="/console/organization/units" id="create-unit">
            <h3>Create an organizational unit</h3>
            \(Layout.csrfField(csrf))
            <label>In <select name="parent" id="unit-parent">\(parents)</select></label>
            <label>Name <input name="name" id="unit-name" required maxlength="128"></label>
            <button type="submit" id="create-unit-button">Create organizational unit</button>
            </form>
            <form method="post" action="/console/organization/accounts" id="create-account">
            <h3>Create an account</h3>
            \(Layout.csrfField(csrf))
            <label>Account name <input name="name" id="new-account-name" required maxlength="50"></label>
            <label>Email of its root user <input type="email" name="email" id="new-account-email" required maxlength="64"></label>
            <label>Access role <input name="role" id="new-account-role" value="\(HTML.escape(Limits.organizationAccessRoleName))" maxlength="64"></label>
            <button type="submit" id="create-account-button">Create account</button>
            </form>
            \(move)
            """
    }

    /// The root and every OU as `<option>`s, each labelled with its path from the root.
    static func parentOptions(_ tree: Tree) -> String {
        let byId = Dictionary(tree.units.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        func label(_ unit: OrganizationalUnit) -> String {
            var names = [unit.name]
            var parent = unit.parentId
            while let next = byId[parent], names.count <= Limits.organizationalUnitDepth {
                names.insert(next.name, at: 0)
                parent = next.parentId
            }
            return ([tree.organization.root.name] + names).joined(separator: " / ")
        }
        let root = tree.organization.root
        let units = tree.units.map { (label($0), $0.id) }.sorted { $0.0 < $1.0 }
        return ([(root.name, root.id)] + units).map {
            "<option value=\"\(HTML.escape($0.1))\">\(HTML.escape($0.0))</option>"
        }.joined()
    }

    static func member(
        organizationId: String, managementAccount: AccountID, header: String, messages: Messages
    ) -> String {
        Layout.page(
            title: title,
            body: """
                \(messages.html)
                <p id="membership">This account belongs to organization <code id="organization-id">\(HTML.escape(organizationId))</code>, managed by account <code id="management-account">\(HTML.escape(managementAccount.rawValue))</code>.</p>
                """,
            header: header)
    }

    static func standalone(header: String, csrf: String, messages: Messages) -> String {
        Layout.page(
            title: title,
            body: """
                \(messages.html)
                <p id="membership">This account is not in an organization.</p>
                <form method="post" action="/console/organization/create" id="create-organization">
                \(Layout.csrfField(csrf))
                <p>Creating an organization makes this account its management account: it can then create member accounts and switch into them.</p>
                <button type="submit" id="create-organization-button">Create organization</button>
                </form>
                """,
            header: header)
    }

    /// When even DescribeOrganization is refused: only the reason.
    static func unavailable(header: String, messages: Messages) -> String {
        Layout.page(title: title, body: messages.html, header: header)
    }
}
