/// The one time a new set of recovery codes is shown.
enum RecoveryCodesPage {
    static func render(codes: [String]) -> String {
        let items = codes.map { "<li><code class=\"recovery-code\">\(HTML.escape($0))</code></li>" }.joined()
        return Layout.page(
            title: "Your recovery codes",
            body: """
                <p class="notice">Keep these codes somewhere safe. Each signs you in once when you cannot use your
                devices. They will not be shown again; any earlier codes no longer work.</p>
                <ol id="recovery-codes">\(items)</ol>
                <p><a href="/console/security" id="done">Done</a></p>
                """)
    }
}
