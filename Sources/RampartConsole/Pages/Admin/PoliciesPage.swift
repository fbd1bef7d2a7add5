import Foundation
import RampartServices

/// The policies pages: the list (the account's own, or AWS managed), one policy with its editor, its
/// versions and where it is attached, and a new policy.
enum PoliciesPage {
    static func list(_ policies: [IAM.Policy]?, awsManaged: Bool, header: String, messages: PageMessages) -> String {
        let table =
            policies.map { list in
                AdminTable.render(
                    id: "policies", label: "Policies", headers: ["Policy", "Description", "Attachments", "Updated"],
                    rows: list.map {
                        [
                            .html(AdminTable.link($0.policyName ?? "", to: AdminPath.policy($0.arn ?? ""))),
                            .text($0.description ?? ""), .text(String($0.attachmentCount ?? 0)),
                            .html(AdminTime.day($0.updateDate ?? $0.createDate)),
                        ]
                    }, empty: awsManaged ? "No AWS managed policies." : "The account has no policies of its own yet.")
            } ?? ""
        let scopes = """
            <nav class="tabs" aria-label="Which policies">\
            <a href="/console/policies" id="scope-local"\(awsManaged ? "" : " aria-current=\"page\" class=\"current\"")>Customer managed</a>\
            <a href="/console/policies?scope=AWS" id="scope-aws"\(awsManaged ? " aria-current=\"page\" class=\"current\"" : "")>AWS managed</a></nav>
            """
        return Layout.page(
            title: "Policies",
            body: """
                \(messages.html)
                <p><a href="/console/policies/new" id="new-policy">Create policy</a></p>
                \(scopes)
                \(table)
                """,
            header: header, width: .wide)
    }

    static func new(
        name: String, description: String, document: String, check: PolicyCheck?, csrf: String, header: String,
        messages: PageMessages
    ) -> String {
        Layout.page(
            title: "Create policy",
            body: """
                \(messages.html)
                <form method="post" action="/console/policies/new" id="policy-form">
                \(Layout.csrfField(csrf))
                <label>Policy name <input name="name" id="policy-name" required maxlength="128" autocomplete="off" value="\(HTML.escape(name))"></label>
                <label>Description <input name="description" id="policy-description" maxlength="1000" value="\(HTML.escape(description))"></label>
                \(PolicyEditor.render(document: document, check: check))
                <div class="buttons"><button type="submit" name="action" value="check" id="check-policy" class="secondary">Check</button>
                <button type="submit" name="action" value="save" id="save-policy">Create policy</button></div>
                </form>
                """,
            header: header, width: .wide, crumbs: Crumbs.render([("Policies", "/console/policies")], current: "New"))
    }

    struct Detail {
        var policy: IAM.Policy
        var document: String
        var versions: [IAM.PolicyVersion]?
        var entities: IAM.ListEntitiesForPolicyResponse?
    }

    static func view(_ detail: Detail, check: PolicyCheck?, csrf: String, header: String, messages: PageMessages)
        -> String
    {
        let policy = detail.policy
        let arn = policy.arn ?? ""
        let awsManaged = arn.contains(":aws:policy/")
        let editor =
            awsManaged
            ? PolicyEditor.render(document: detail.document, check: nil, readOnly: true)
            : """
            <form method="post" action="/console/policies/view" id="policy-form">
            \(Layout.csrfField(csrf))<input type="hidden" name="arn" value="\(HTML.escape(arn))">
            \(PolicyEditor.render(document: detail.document, check: check))
            <div class="buttons"><button type="submit" name="action" value="check" id="check-policy" class="secondary">Check</button>
            <button type="submit" name="action" value="save" id="save-policy">Save as new default version</button></div>
            </form>
            """
        var attached = [[AdminTable.Cell]]()
        for user in detail.entities?.policyUsers ?? [] {
            attached.append([
                .text("User"),
                .html(AdminTable.link(user.userName ?? "", to: AdminPath.entity(.users, user.userName ?? ""))),
            ])
        }
        for group in detail.entities?.policyGroups ?? [] {
            attached.append([
                .text("Group"),
                .html(AdminTable.link(group.groupName ?? "", to: AdminPath.entity(.groups, group.groupName ?? ""))),
            ])
        }
        for role in detail.entities?.policyRoles ?? [] {
            attached.append([
                .text("Role"),
                .html(AdminTable.link(role.roleName ?? "", to: AdminPath.entity(.roles, role.roleName ?? ""))),
            ])
        }
        let versions = AdminTable.render(
            id: "policy-versions", label: "Versions", headers: ["Version", "Default", "Created"],
            rows: (detail.versions ?? []).map {
                [
                    .text($0.versionId ?? ""), .text($0.isDefaultVersion == true ? "Default" : ""),
                    .html(AdminTime.day($0.createDate)),
                ]
            }, empty: "The versions could not be listed.")
        let delete =
            awsManaged
            ? ""
            : "<p class=\"danger-zone\">\(AdminTable.link("Delete policy", to: "/console/policies/delete?arn=" + (arn.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""), id: "delete-policy"))</p>"
        return Layout.page(
            title: policy.policyName ?? arn,
            body: """
                \(messages.html)
                <dl class="pairs"><dt>ARN</dt><dd id="policy-arn">\(HTML.escape(arn))</dd>
                <dt>Description</dt><dd id="policy-description-text">\(HTML.escape(policy.description ?? ""))</dd>
                <dt>Default version</dt><dd>\(HTML.escape(policy.defaultVersionId ?? ""))</dd></dl>
                \(editor)
                <h2>Attached to</h2>
                \(detail.entities == nil ? "<p>Where it is attached could not be listed.</p>" : AdminTable.render(id: "policy-entities", label: "Attached to", headers: ["Type", "Name"], rows: attached, empty: "Not attached to anything."))
                <h2>Versions</h2>
                \(versions)
                \(delete)
                """,
            header: header, width: .wide,
            crumbs: Crumbs.render([("Policies", "/console/policies")], current: policy.policyName ?? arn))
    }
}
