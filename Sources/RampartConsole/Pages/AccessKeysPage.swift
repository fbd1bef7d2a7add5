import Foundation
import RampartCore

/// The principal's own access keys: each with its status and a button to deactivate, activate or delete
/// it, and one to create a key (its secret shown once, on the next page).
enum AccessKeysPage {
    struct Key {
        var id: String
        var status: String
        var createDate: Date?
    }

    /// `keys` is nil when they could not be listed (the error says why), which is not having none.
    static func render(keys: [Key]?, csrf: String, header: String = "", error: String? = nil, notice: String? = nil)
        -> String
    {
        var rows = ""
        for (index, key) in (keys ?? []).enumerated() {
            let toggle = key.status == "Active" ? "Inactive" : "Active"
            rows += """
                <li class="access-key"><code class="key-id">\(HTML.escape(key.id))</code>
                <span class="key-status" id="status-\(index)">\(HTML.escape(key.status))</span>
                <form method="post" action="/console/keys/status" id="toggle-\(index)">
                \(Layout.csrfField(csrf))
                <input type="hidden" name="key" value="\(HTML.escape(key.id))">
                <input type="hidden" name="status" value="\(toggle)">
                <button type="submit" id="toggle-button-\(index)">Make \(toggle.lowercased())</button>
                </form>
                <form method="post" action="/console/keys/delete" id="delete-\(index)">
                \(Layout.csrfField(csrf))
                <input type="hidden" name="key" value="\(HTML.escape(key.id))">
                <button type="submit" id="delete-button-\(index)">Delete</button>
                </form></li>
                """
        }
        let list =
            switch keys {
            case nil: "<p id=\"keys-unknown\">Your access keys could not be listed.</p>"
            case let listed? where listed.isEmpty: "<p id=\"no-keys\">You have no access keys.</p>"
            default: "<ul id=\"keys\">\(rows)</ul>"
            }
        return Layout.page(
            title: "Access keys",
            body: """
                \(Layout.message(error))\(Layout.message(notice, kind: "notice"))
                \(list)
                <form method="post" action="/console/keys/create" id="create-key">
                \(Layout.csrfField(csrf))
                <button type="submit" id="create-key-button">Create access key</button>
                </form>
                <p><a href="/console/security">Security credentials</a></p>
                """,
            header: header)
    }

    /// The one time a new key's secret is shown.
    static func created(id: String, secret: String) -> String {
        Layout.page(
            title: "New access key",
            body: """
                <p class="notice">Copy the secret now: it is not shown again.</p>
                <dl><dt>Access key id</dt><dd id="new-key-id">\(HTML.escape(id))</dd>
                <dt>Secret access key</dt><dd id="new-key-secret">\(HTML.escape(secret))</dd></dl>
                <p><a href="/console/keys" id="done">Done</a></p>
                """)
    }
}
