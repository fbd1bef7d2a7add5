/// A table of an administrator's list or detail page. Cells are text, escaped here, unless a page hands
/// over markup it built (a link, a form) from escaped parts: text is the default, so a name shown in a
/// cell cannot become markup by a forgotten escape.
enum AdminTable {
    enum Cell {
        case text(String)
        case html(String)

        var markup: String {
            switch self {
            case .text(let text): HTML.escape(text)
            case .html(let html): html
            }
        }
    }

    /// `empty` is said instead of a table without rows.
    static func render(id: String, label: String, headers: [String], rows: [[Cell]], empty: String) -> String {
        guard !rows.isEmpty else { return "<p id=\"\(id)-empty\">\(HTML.escape(empty))</p>" }
        let head = headers.map { "<th scope=\"col\">\(HTML.escape($0))</th>" }.joined()
        let body = rows.map { row in
            "<tr>" + row.map { "<td>\($0.markup)</td>" }.joined() + "</tr>"
        }.joined(separator: "\n")
        return """
            <div class="table-scroll"><table id="\(id)" aria-label="\(HTML.escape(label))">
            <thead><tr>\(head)</tr></thead>
            <tbody>\(body)</tbody>
            </table></div>
            """
    }

    /// A link whose text and target are escaped.
    static func link(_ text: String, to href: String, id: String? = nil) -> String {
        "<a href=\"\(HTML.escape(href))\"\(id.map { " id=\"\(HTML.escape($0))\"" } ?? "")>\(HTML.escape(text))</a>"
    }
}
