import Foundation
import RampartServices

/// The policies of a user, group or role, with a Detach button for each managed one and a form to
/// attach another. A read-only administrator sees the same forms: the operation refuses, and the page
/// says so in words.
struct PolicyAttachments {
    var entity: AdminEntity
    var name: String
    /// Nil when they could not be listed (`problems` says why).
    var attached: [IAM.AttachedPolicy]?
    var inline: [String]?
    /// Attachable policies for the form.
    var choices = [IAM.Policy]()
    var problems = [String]()

    init(entity: AdminEntity, name: String) {
        self.entity = entity
        self.name = name
    }

    func render(csrf: String) -> String {
        let base = AdminPath.entity(entity.area, name)
        let rows: [[AdminTable.Cell]] = (attached ?? []).map { policy in
            let arn = policy.policyArn ?? ""
            return [
                .html(AdminTable.link(policy.policyName ?? arn, to: AdminPath.policy(arn))),
                .text(arn.contains(":aws:policy/") ? "AWS managed" : "Customer managed"),
                .html(
                    """
                    <form method="post" action="\(HTML.escape(base))/detach" class="row-action">\(Layout.csrfField(csrf))<input type="hidden" name="policy" value="\(HTML.escape(arn))"><button type="submit" class="secondary" aria-label="Detach \(HTML.escape(policy.policyName ?? arn))">Detach</button></form>
                    """),
            ]
        }
        let table =
            attached == nil
            ? "<p id=\"attached-unknown\">The attached policies could not be listed.</p>"
            : AdminTable.render(
                id: "attached-policies", label: "Attached policies", headers: ["Policy", "Type", ""], rows: rows,
                empty: "No managed policies are attached.")
        let options = choices.map {
            "<option value=\"\(HTML.escape($0.arn ?? ""))\">\(HTML.escape($0.policyName ?? ""))</option>"
        }.joined()
        let inlineList =
            switch inline {
            case nil: "<p>The inline policies could not be listed.</p>"
            case let names? where names.isEmpty: "<p id=\"inline-policies-empty\">No inline policies.</p>"
            case let names?:
                "<ul id=\"inline-policies\">"
                    + names.map { name in
                        let href =
                            base + "/inline?policy="
                            + (name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? name)
                        return "<li>\(AdminTable.link(name, to: href))</li>"
                    }.joined() + "</ul>"
            }
        return """
            \(problems.map { "<p class=\"error\">\(HTML.escape($0))</p>" }.joined())
            <h2 id="managed-heading">Managed policies</h2>
            \(table)
            <form method="post" action="\(HTML.escape(base))/attach" class="inline" id="attach-policy">
            \(Layout.csrfField(csrf))
            <label for="attach-choice">Policy to attach</label>
            <select name="policy" id="attach-choice">\(options)</select>
            <button type="submit" id="attach-button">Attach policy</button>
            </form>
            <h2>Inline policies</h2>
            \(inlineList)
            <p>\(AdminTable.link("Add inline policy", to: base + "/inline", id: "add-inline"))</p>
            """
    }
}
