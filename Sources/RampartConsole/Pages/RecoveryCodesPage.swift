/// The one time a new set of recovery codes is shown: to copy, download or print (the page script adds
/// those buttons; without it the codes stay here to write down), then "I have saved them", which the
/// form requires before it returns to the security page.
enum RecoveryCodesPage {
    static func render(codes: [String], header: String = "") -> String {
        let items = codes.map { "<li><code class=\"recovery-code\">\(HTML.escape($0))</code></li>" }.joined()
        return Layout.page(
            title: "Your recovery codes",
            body: """
                <p class="notice">Keep these codes somewhere safe, away from your devices: a password manager,
                a file only you can open, or on paper. Each signs you in once when you cannot use your devices.
                They will not be shown again; any earlier codes no longer work.</p>
                <ol id="recovery-codes">\(items)</ol>
                <div class="buttons" id="codes-actions" hidden>
                <button type="button" class="secondary" id="copy-codes">Copy</button>
                <button type="button" class="secondary" id="download-codes">Download</button>
                <button type="button" class="secondary" id="print-codes">Print</button>
                </div>
                <p id="codes-status" role="status"></p>
                <form method="get" action="/console/security" id="codes-saved">
                <input type="hidden" name="notice" value="\(SecurityNotice.codesSaved.rawValue)">
                <label class="check" for="saved"><input type="checkbox" id="saved" required> I have saved these codes</label>
                <button type="submit" id="done">Done</button>
                </form>
                """,
            header: header)
    }
}
