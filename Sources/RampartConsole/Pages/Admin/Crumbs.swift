/// The trail above an administrator's detail page ("Users › alice"), so the page says where it is.
enum Crumbs {
    static func render(_ parents: [(text: String, href: String)], current: String) -> String {
        let links = parents.map { "<li>\(AdminTable.link($0.text, to: $0.href))</li>" }.joined()
        return """
            <nav aria-label="Breadcrumb" class="crumbs"><ol>\(links)<li aria-current="page">\(HTML.escape(current))</li></ol></nav>
            """
    }
}
