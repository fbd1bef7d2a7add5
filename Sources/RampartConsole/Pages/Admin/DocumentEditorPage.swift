import RampartServices

/// The policy editor (`PolicyEditor`) for a document that belongs to one user, group or role: a role's
/// trust policy, or one of its inline policies (new ones get a name field; saved ones can be deleted).
/// "Check" shows the API's validation error and the MFA lint before anything is saved.
enum DocumentEditorPage {
    enum Document {
        case trust
        /// Nil name: a new inline policy.
        case inline(String?)
    }

    static func render(
        _ entity: AdminEntity, _ name: String, _ document: Document, text: String, check: PolicyCheck?,
        csrf: String, header: String, messages: PageMessages, typedName: String = ""
    ) -> String {
        let base = AdminPath.entity(entity.area, name)
        let title: String
        let action: String
        var fields = Layout.csrfField(csrf)
        var delete = ""
        switch document {
        case .trust:
            title = "Trust policy of \(name)"
            action = base + "/trust"
        case .inline(let policy?):
            title = "Inline policy \(policy)"
            action = base + "/inline"
            fields += "<input type=\"hidden\" name=\"policy\" value=\"\(HTML.escape(policy))\">"
            fields += "<input type=\"hidden\" name=\"existing\" value=\"1\">"
            delete = """
                <form method="post" action="\(HTML.escape(action))" id="delete-inline">\(Layout.csrfField(csrf))<input type="hidden" name="policy" value="\(HTML.escape(policy))"><input type="hidden" name="existing" value="1"><button type="submit" name="action" value="delete" class="danger" id="delete-inline-button">Delete inline policy</button></form>
                """
        case .inline(nil):
            title = "New inline policy for \(name)"
            action = base + "/inline"
            fields += """
                <label>Policy name <input name="policy" id="inline-name" required maxlength="128" autocomplete="off" value="\(HTML.escape(typedName))"></label>
                """
        }
        let save = if case .trust = document { "Save trust policy" } else { "Save inline policy" }
        return Layout.page(
            title: title,
            body: """
                \(messages.html)
                <form method="post" action="\(HTML.escape(action))" id="policy-form">
                \(fields)
                \(PolicyEditor.render(document: text, check: check))
                <div class="buttons"><button type="submit" name="action" value="check" id="check-policy" class="secondary">Check</button>
                <button type="submit" name="action" value="save" id="save-policy">\(save)</button>
                <a href="\(HTML.escape(base))">Back to \(HTML.escape(name))</a></div>
                </form>
                \(delete)
                """,
            header: header, width: .wide,
            crumbs: Crumbs.render(
                [(entity.rawValue + "s", "/console/\(entity.area.rawValue)"), (name, base)], current: title))
    }
}
