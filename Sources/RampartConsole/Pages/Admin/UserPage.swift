import Foundation
import RampartServices

/// One user, in three tabs: permissions (groups and policies), security credentials (MFA devices with
/// their type, creation and last use, with "Remove" for a lost one; console password; access keys; a
/// lockout to lift) and recent sign-ins. "Delete user" leads to a confirmation.
enum UserPage {
    enum Tab: String, CaseIterable {
        case permissions, credentials
        case signIns = "sign-ins"

        /// The tab a form of the page returns to.
        static func after(_ action: String) -> Tab {
            ["remove-device", "unlock", "key-status", "delete-key"].contains(action) ? .credentials : .permissions
        }

        var title: String {
            switch self {
            case .permissions: "Permissions"
            case .credentials: "Security credentials"
            case .signIns: "Recent sign-ins"
            }
        }
    }

    struct Membership {
        /// Nil when they could not be listed.
        var groups: [String]?
        var choices: [String]
    }

    struct Credentials {
        var devices: [IAM.MFADevice]?
        var lastUsed: [String: Date]
        var nicknames: [String: String]
        var keys: [(key: IAM.AccessKeyMetadata, lastUsed: Date?)]?
        var standing: UserStanding
    }

    enum Content {
        case permissions(PolicyAttachments, Membership, EffectivePermissions)
        case credentials(Credentials)
        case signIns(String)
    }

    static func render(
        _ user: IAM.User, _ content: Content, now: Date, csrf: String, header: String, messages: PageMessages
    ) -> String {
        let name = user.userName
        let base = AdminPath.entity(.users, name)
        let current: Tab =
            switch content {
            case .permissions: .permissions
            case .credentials: .credentials
            case .signIns: .signIns
            }
        let tabs = Tab.allCases.map { tab in
            let mark = tab == current ? " aria-current=\"page\" class=\"current\"" : ""
            return
                "<a href=\"\(HTML.escape(base))?tab=\(tab.rawValue)\" id=\"tab-\(tab.rawValue)\"\(mark)>\(tab.title)</a>"
        }.joined()
        let panel =
            switch content {
            case .permissions(let attachments, let membership, let effective):
                groupsSection(membership, base: base, csrf: csrf) + attachments.render(csrf: csrf)
                    + effective.render(base: base)
            case .credentials(let credentials): credentialsSection(credentials, base: base, now: now, csrf: csrf)
            case .signIns(let section): section
            }
        return Layout.page(
            title: name,
            body: """
                \(messages.html)
                <dl class="pairs" id="user-facts"><dt>ARN</dt><dd id="user-arn">\(HTML.escape(user.arn))</dd>
                <dt>Created</dt><dd>\(AdminTime.day(user.createDate))</dd>
                <dt>Last console sign-in</dt><dd>\(user.passwordLastUsed.map { AdminTime.day($0) } ?? "Never")</dd></dl>
                <nav class="tabs" aria-label="About this user">\(tabs)</nav>
                <section class="tab-panel" aria-labelledby="tab-\(current.rawValue)">
                \(panel)
                </section>
                <p class="danger-zone">\(AdminTable.link("Delete user", to: base + "/delete", id: "delete-user"))</p>
                """,
            header: header, width: .wide, crumbs: Crumbs.render([("Users", "/console/users")], current: name))
    }

    static func groupsSection(_ membership: Membership, base: String, csrf: String) -> String {
        let list: String
        if let groups = membership.groups {
            list = AdminTable.render(
                id: "user-groups", label: "Groups",
                headers: ["Group", ""],
                rows: groups.map { group in
                    [
                        .html(AdminTable.link(group, to: AdminPath.entity(.groups, group))),
                        .html(
                            """
                            <form method="post" action="\(HTML.escape(base))/leave" class="row-action">\(Layout.csrfField(csrf))<input type="hidden" name="group" value="\(HTML.escape(group))"><button type="submit" class="secondary" aria-label="Remove from \(HTML.escape(group))">Remove from group</button></form>
                            """),
                    ]
                }, empty: "Not in any group.")
        } else {
            list = "<p>The user's groups could not be listed.</p>"
        }
        let options = membership.choices.map { "<option>\(HTML.escape($0))</option>" }.joined()
        return """
            <h2>Groups</h2>
            \(list)
            <form method="post" action="\(HTML.escape(base))/join" class="inline" id="add-to-group">
            \(Layout.csrfField(csrf))
            <label for="group-choice">Group</label>
            <select name="group" id="group-choice">\(options)</select>
            <button type="submit" id="add-to-group-button">Add to group</button>
            </form>
            """
    }

    /// Deactivate or activate, and delete: each a form with the key's id (`UpdateAccessKey`,
    /// `DeleteAccessKey`).
    static func keyActions(_ key: IAM.AccessKeyMetadata, base: String, csrf: String) -> String {
        let id = HTML.escape(key.accessKeyId ?? "")
        let active = key.status == "Active"
        let (status, verb) = active ? ("Inactive", "Deactivate") : ("Active", "Activate")
        return """
            <form method="post" action="\(HTML.escape(base))/key-status" class="row-action">\(Layout.csrfField(csrf))<input type="hidden" name="key" value="\(id)"><input type="hidden" name="status" value="\(status)"><button type="submit" class="secondary" id="key-status-\(id)" aria-label="\(verb) \(id)">\(verb)</button></form>
            <form method="post" action="\(HTML.escape(base))/delete-key" class="row-action">\(Layout.csrfField(csrf))<input type="hidden" name="key" value="\(id)"><button type="submit" class="secondary danger" id="delete-key-\(id)" aria-label="Delete \(id)">Delete</button></form>
            """
    }

    static func credentialsSection(_ credentials: Credentials, base: String, now: Date, csrf: String) -> String {
        let standing = credentials.standing
        var lockout = ""
        if standing.isLockedOut {
            lockout = """
                <form method="post" action="\(HTML.escape(base))/unlock" id="unlock">\(Layout.csrfField(csrf))<button type="submit" id="unlock-button">Lift the lockout</button></form>
                """
        }
        let devices: String
        if let list = credentials.devices {
            devices = AdminTable.render(
                id: "user-devices", label: "MFA devices",
                headers: ["Device", "Type", "Created", "Last used", ""],
                rows: list.map { device in
                    let kind = MFAKind(serialNumber: device.serialNumber)
                    let name = DeviceName(
                        serialNumber: device.serialNumber, nickname: credentials.nicknames[device.serialNumber])
                    return [
                        .html(name.html()),
                        .text(kind.label + (kind == .passkey ? " (phishing-resistant)" : "")),
                        .html(AdminTime.day(device.enableDate)),
                        .html(credentials.lastUsed[device.serialNumber].map { AdminTime.day($0) } ?? "Never"),
                        .html(
                            """
                            <form method="post" action="\(HTML.escape(base))/remove-device" class="row-action">\(Layout.csrfField(csrf))<input type="hidden" name="serial" value="\(HTML.escape(device.serialNumber))"><button type="submit" class="secondary" aria-label="Remove lost device \(HTML.escape(name.text))">Remove lost device</button></form>
                            """),
                    ]
                }, empty: "No MFA devices.")
        } else {
            devices = "<p>The user's MFA devices could not be listed.</p>"
        }
        let keys: String
        if let list = credentials.keys {
            keys = AdminTable.render(
                id: "user-keys", label: "Access keys",
                headers: ["Access key", "Status", "Created", "Age", "Last used", ""],
                rows: list.map { entry in
                    [
                        .html("<code>\(HTML.escape(entry.key.accessKeyId ?? ""))</code>"),
                        .text(entry.key.status ?? ""),
                        .html(AdminTime.day(entry.key.createDate)),
                        .text(AdminTime.age(of: entry.key.createDate, now: now)),
                        .html(entry.lastUsed.map { AdminTime.day($0) } ?? "Never"),
                        .html(keyActions(entry.key, base: base, csrf: csrf)),
                    ]
                }, empty: "No access keys.")
        } else {
            keys = "<p>The user's access keys could not be listed.</p>"
        }
        let password =
            standing.passwordLastChanged.map { "Set \(AdminTime.ago($0, now: now))." }
            ?? "No console password."
        return """
            <h2>Status</h2>
            <p id="user-status">\(UserStatusBadge.render(standing, now: now))</p>
            \(lockout)
            <h2>MFA devices</h2>
            \(devices)
            <h2>Console password</h2>
            <p id="user-password">\(HTML.escape(password))</p>
            <h2>Access keys</h2>
            \(keys)
            """
    }
}
