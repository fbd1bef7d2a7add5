/// The page shell every console page shares: no inline script or style (the CSP forbids both), the
/// console's own stylesheet, the signed-in header (`ConsoleHeader`) when there is one, and a heading.
/// A wide page (the organization's tree) gets more room, a full one (the mandate's report) the most.
enum Layout {
    enum Width: String {
        case narrow, wide, full
    }

    /// `crumbs`: the trail of pages above this one (`Crumbs`), shown above the heading.
    static func page(title: String, body: String, header: String = "", width: Width = .narrow, crumbs: String = "")
        -> String
    {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTML.escape(title)) · Rampart</title>
        <link rel="stylesheet" href="/console/assets/console.css">
        <script src="/console/assets/webauthn.js" defer></script>
        <script src="/console/assets/page.js" defer></script>
        </head>
        <body>
        \(header.isEmpty ? "" : "<a class=\"skip-link\" href=\"#main\">Skip to main content</a>")
        \(header)
        <main id="main"\(width == .narrow ? "" : " class=\"\(width.rawValue)\"")>
        \(crumbs)
        <h1>\(HTML.escape(title))</h1>
        \(body)
        </main>
        </body>
        </html>
        """
    }

    /// An error or notice line; empty when there is nothing to say.
    static func message(_ text: String?, kind: String = "error") -> String {
        guard let text else { return "" }
        return "<p class=\"\(kind)\" role=\"alert\" id=\"message\">\(HTML.escape(text))</p>"
    }

    static func csrfField(_ token: String) -> String {
        "<input type=\"hidden\" name=\"csrf\" value=\"\(HTML.escape(token))\">"
    }
}
