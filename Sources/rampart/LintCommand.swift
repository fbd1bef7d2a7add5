import ArgumentParser
import Foundation
import RampartPolicy

/// `rampart lint FILE...`: checks IAM policy documents for MFA conditions that can be bypassed. Works offline on
/// files, so it fits in review and CI before a policy reaches the server.
struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check IAM policy documents for MFA conditions that can be bypassed.",
        discussion: """
            Prints FILE:LINE:COL: severity: message, then why and fix, for each finding.
            Exit status: 0 when no finding is an error, 1 when one is, 2 when a file cannot be read or is not JSON.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text
        case json
    }

    /// Exit statuses; unreadable input outranks findings so CI never mistakes a skipped file for a clean one.
    enum Status: Int32 {
        case clean = 0
        case errorFindings = 1
        case unreadable = 2
    }

    @Argument(help: "Policy documents to check; - reads standard input.")
    var files: [String]

    @Option(name: .long, help: "Output format: text or json.")
    var format: Format = .text

    func run() throws {
        var linted: [LintedFile] = []
        var status = Status.clean
        for path in files {
            guard let file = Self.lint(path) else {
                status = .unreadable
                continue
            }
            linted.append(file)
            if status == .clean, file.findings.contains(where: { $0.severity == .error }) { status = .errorFindings }
        }
        switch format {
        case .text: linted.map(LintReportFormatter.text).forEach { FileHandle.standardOutput.write(Data($0.utf8)) }
        case .json: FileHandle.standardOutput.write(Data(LintReportFormatter.json(linted).utf8))
        }
        if status != .clean { throw ExitCode(status.rawValue) }
    }

    /// Lints one file; nil, after saying why on standard error, when it cannot be read or is not JSON.
    private static func lint(_ path: String) -> LintedFile? {
        let name = path == "-" ? "<stdin>" : path
        guard let data = read(path) else {
            complain("\(name): error: cannot read the file")
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            complain("\(name): error: not UTF-8 text")
            return nil
        }
        do throws(LintError) {
            return LintedFile(path: name, findings: try MFAPolicyLinter.lint(text))
        } catch {
            switch error {
            case .notJSON(let line, let column, let reason):
                complain("\(name):\(line):\(column): error: not a JSON policy document: \(reason)")
            }
            return nil
        }
    }

    private static func read(_ path: String) -> Data? {
        path == "-" ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: path)
    }

    private static func complain(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
