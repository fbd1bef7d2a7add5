/// One linted document and what was found in it.
public struct LintedFile: Sendable, Equatable {
    /// The name to print: the path as given, or "<stdin>".
    public var path: String
    public var findings: [LintFinding]

    public init(path: String, findings: [LintFinding]) {
        self.path = path
        self.findings = findings
    }
}

/// Renders findings for `rampart lint`: compiler-style text that editors and CI annotate, or JSON for tools.
public enum LintReportFormatter {
    /// `FILE:LINE:COL: severity: message [rule]`, then the why and the fix indented below; one block per
    /// finding, each line ending in a newline. Empty when there is nothing to report.
    public static func text(_ file: LintedFile) -> String {
        file.findings.map { finding in
            "\(file.path):\(finding.line):\(finding.column): \(finding.severity.rawValue): \(finding.message)"
                + " [\(finding.rule)]\n    why: \(finding.why)\n    fix: \(finding.fix)\n"
        }.joined()
    }

    /// A JSON array with one object per finding across all files, in a fixed key order so output diffs cleanly.
    public static func json(_ files: [LintedFile]) -> String {
        let objects = files.flatMap { file in
            file.findings.map { finding in
                let fields: [(String, String)] = [
                    ("file", quote(file.path)),
                    ("line", String(finding.line)),
                    ("column", String(finding.column)),
                    ("severity", quote(finding.severity.rawValue)),
                    ("rule", quote(finding.rule)),
                    ("statementIndex", String(finding.statementIndex)),
                    ("sid", finding.sid.map(quote) ?? "null"),
                    ("message", quote(finding.message)),
                    ("why", quote(finding.why)),
                    ("fix", quote(finding.fix)),
                ]
                return "  {\n" + fields.map { "    \(quote($0.0)): \($0.1)" }.joined(separator: ",\n") + "\n  }"
            }
        }
        return objects.isEmpty ? "[]\n" : "[\n" + objects.joined(separator: ",\n") + "\n]\n"
    }

    private static func quote(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case let control where control.value < 0x20:
                let hex = String(control.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
