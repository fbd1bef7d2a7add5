/// The step before deleting a user, group, role or policy: what goes with it, and the name typed again.
enum ConfirmDeletePage {
    static func render(
        noun: String, name: String, action: String, consequences: String, back: String, csrf: String, header: String,
        error: String? = nil, hidden: [String: String] = [:]
    ) -> String {
        let fields = hidden.sorted { $0.key < $1.key }.map {
            "<input type=\"hidden\" name=\"\(HTML.escape($0.key))\" value=\"\(HTML.escape($0.value))\">"
        }.joined()
        return Layout.page(
            title: "Delete \(noun) \(name)?",
            body: """
                \(Layout.message(error))
                <p id="consequences">\(HTML.escape(consequences))</p>
                <form method="post" action="\(HTML.escape(action))" id="confirm-delete">
                \(Layout.csrfField(csrf))\(fields)
                <label>Type <strong>\(HTML.escape(name))</strong> to confirm
                <input name="confirm" id="confirm-name" autocomplete="off" required></label>
                <button type="submit" id="confirm-delete-button" class="danger">Delete</button>
                </form>
                <p>\(AdminTable.link("Cancel", to: back, id: "cancel-delete"))</p>
                """,
            header: header)
    }
}
