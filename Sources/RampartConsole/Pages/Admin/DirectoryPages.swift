import Foundation
import RampartServices

/// The groups and roles pages: a list with a create form, and one group or role with its members or
/// trust policy and its policies.
enum DirectoryPages {
    static func groups(_ groups: [IAM.Group]?, csrf: String, header: String, messages: PageMessages) -> String {
        let table =
            groups.map { list in
                AdminTable.render(
                    id: "groups", label: "Groups", headers: ["Group", "Path", "Created"],
                    rows: list.map {
                        [
                            .html(AdminTable.link($0.groupName, to: AdminPath.entity(.groups, $0.groupName))),
                            .text($0.path), .html(AdminTime.day($0.createDate)),
                        ]
                    }, empty: "There are no groups yet.")
            } ?? ""
        return Layout.page(
            title: "Groups",
            body: """
                \(messages.html)
                \(table)
                <h2>Create group</h2>
                <form method="post" action="/console/groups/create" id="create-group" class="inline">
                \(Layout.csrfField(csrf))
                <label>Group name <input name="name" id="new-group-name" required maxlength="128" autocomplete="off"></label>
                <button type="submit" id="create-group-button">Create group</button>
                </form>
                """,
            header: header, width: .wide)
    }

    static func group(
        _ group: IAM.Group, members: [IAM.User], attachments: PolicyAttachments, csrf: String, header: String,
        messages: PageMessages
    ) -> String {
        let base = AdminPath.entity(.groups, group.groupName)
        return Layout.page(
            title: group.groupName,
            body: """
                \(messages.html)
                <dl class="pairs"><dt>ARN</dt><dd id="group-arn">\(HTML.escape(group.arn))</dd>
                <dt>Created</dt><dd>\(AdminTime.day(group.createDate))</dd></dl>
                <h2>Members</h2>
                \(AdminTable.render(id: "group-members", label: "Members", headers: ["User"], rows: members.map { [.html(AdminTable.link($0.userName, to: AdminPath.entity(.users, $0.userName)))] }, empty: "The group has no members."))
                \(attachments.render(csrf: csrf))
                <p class="danger-zone">\(AdminTable.link("Delete group", to: base + "/delete", id: "delete-group"))</p>
                """,
            header: header, width: .wide,
            crumbs: Crumbs.render([("Groups", "/console/groups")], current: group.groupName))
    }

    static let defaultTrust = """
        {
          "Version": "2012-10-17",
          "Statement": [{
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::ACCOUNT:root"},
            "Action": "sts:AssumeRole",
            "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
          }]
        }
        """

    static func roles(
        _ roles: [IAM.Role]?, account: String, csrf: String, header: String, messages: PageMessages,
        trust: String? = nil, name: String = "", description: String = ""
    ) -> String {
        let table =
            roles.map { list in
                AdminTable.render(
                    id: "roles", label: "Roles", headers: ["Role", "Description", "Created", "Last used"],
                    rows: list.map {
                        [
                            .html(AdminTable.link($0.roleName, to: AdminPath.entity(.roles, $0.roleName))),
                            .text($0.description ?? ""), .html(AdminTime.day($0.createDate)),
                            .html($0.roleLastUsed?.lastUsedDate.map { AdminTime.day($0) } ?? "Never"),
                        ]
                    }, empty: "There are no roles yet.")
            } ?? ""
        let document = trust ?? defaultTrust.replacingOccurrences(of: "ACCOUNT", with: account)
        return Layout.page(
            title: "Roles",
            body: """
                \(messages.html)
                \(table)
                <h2>Create role</h2>
                <form method="post" action="/console/roles/create" id="create-role">
                \(Layout.csrfField(csrf))
                <label>Role name <input name="name" id="new-role-name" required maxlength="64" autocomplete="off" value="\(HTML.escape(name))"></label>
                <label>Description <input name="description" id="new-role-description" maxlength="1000" value="\(HTML.escape(description))"></label>
                <label>Trust policy (who may assume the role) <textarea name="trust" id="new-role-trust" rows="10" spellcheck="false">\(HTML.escape(document))</textarea></label>
                <button type="submit" id="create-role-button">Create role</button>
                </form>
                """,
            header: header, width: .wide)
    }

    static func role(
        _ role: IAM.Role, attachments: PolicyAttachments, csrf: String, header: String, messages: PageMessages
    ) -> String {
        let base = AdminPath.entity(.roles, role.roleName)
        let trust = role.assumeRolePolicyDocument.map { PrettyJSON.format($0) } ?? ""
        return Layout.page(
            title: role.roleName,
            body: """
                \(messages.html)
                <dl class="pairs"><dt>ARN</dt><dd id="role-arn">\(HTML.escape(role.arn))</dd>
                <dt>Description</dt><dd id="role-description">\(HTML.escape(role.description ?? ""))</dd>
                <dt>Created</dt><dd>\(AdminTime.day(role.createDate))</dd>
                <dt>Last used</dt><dd>\(role.roleLastUsed?.lastUsedDate.map { AdminTime.day($0) } ?? "Never")</dd>
                <dt>Maximum session</dt><dd>\((role.maxSessionDuration ?? 3600) / 60) minutes</dd></dl>
                <h2>Trust policy</h2>
                <pre class="policy-json" id="trust-policy" tabindex="0">\(HTML.escape(trust))</pre>
                <p>\(AdminTable.link("Edit trust policy", to: base + "/trust", id: "edit-trust"))</p>
                \(attachments.render(csrf: csrf))
                <p class="danger-zone">\(AdminTable.link("Delete role", to: base + "/delete", id: "delete-role"))</p>
                """,
            header: header, width: .wide, crumbs: Crumbs.render([("Roles", "/console/roles")], current: role.roleName))
    }
}
