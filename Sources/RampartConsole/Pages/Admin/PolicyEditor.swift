import RampartServices

/// A policy document in a text area, with what is wrong with it shown right above: the error the API
/// gives (with the line and column where the text stops being JSON) and the MFA linter's findings, each
/// at its line and column. "Check" shows them without saving.
enum PolicyEditor {
    static func render(document: String, check: PolicyCheck?, readOnly: Bool = false) -> String {
        var problems = ""
        if let check {
            if let error = check.error {
                let at = check.position.map { " (line \($0.line), column \($0.column))" } ?? ""
                problems += """
                    <p class="error" id="policy-error" role="alert"><strong>\(HTML.escape(error.code))</strong>\(HTML.escape(at)): \(HTML.escape(error.message))</p>
                    """
            }
            if !check.findings.isEmpty {
                problems += "<h3>MFA lint</h3>"
                problems += AdminTable.render(
                    id: "lint-findings", label: "MFA lint findings",
                    headers: ["Severity", "Line", "Column", "Finding", "Fix"],
                    rows: check.findings.map {
                        [
                            .text($0.severity), .text(String($0.line)), .text(String($0.column)), .text($0.message),
                            .text($0.fix),
                        ]
                    }, empty: "")
            }
            if check.error == nil, check.findings.isEmpty {
                problems +=
                    "<p class=\"notice\" id=\"policy-ok\" role=\"status\">The document is valid and the MFA lint found nothing.</p>"
            }
        }
        return """
            <div id="policy-check">\(problems)</div>
            <label for="policy-document">Policy document (JSON)</label>
            <textarea name="document" id="policy-document" rows="18" spellcheck="false"\(readOnly ? " readonly" : "")>\(HTML.escape(document))</textarea>
            """
    }
}
