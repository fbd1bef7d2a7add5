/// Agreement between the evaluator and a corpus: totals per kind and per tag, and every disagreement.
public struct CorpusReport: Sendable {
    public var outcomes: [CorpusOutcome]

    public init(outcomes: [CorpusOutcome]) { self.outcomes = outcomes }

    public var filtered: [CorpusOutcome] { outcomes.filter(\.isInFilteredSet) }

    /// Agreement on the filtered set, 0...1.
    public var filteredAgreement: Double { Self.rate(filtered) }

    public static func rate(_ outcomes: [CorpusOutcome]) -> Double {
        outcomes.isEmpty ? 1 : Double(outcomes.count { $0.agrees }) / Double(outcomes.count)
    }

    /// A plain-text report: summary, per kind, per tag, filtered disagreements, then the excluded cases.
    public var text: String {
        var lines = [String]()
        func line(_ label: String, _ group: [CorpusOutcome]) {
            let agreed = group.count { $0.agrees }
            let percent = String(Int((Self.rate(group) * 1000).rounded())).leftPadded(to: 4)
            lines.append(
                "  \(label.padded(to: 48)) \(String(agreed).leftPadded(to: 4))/\(String(group.count).leftPadded(to: 4))  \(percent.dropLast()).\(percent.suffix(1))%"
            )
        }
        lines.append("IAM decision corpus: \(outcomes.count) cases, \(filtered.count) in the filtered set")
        line("all cases", outcomes)
        line("filtered set", filtered)
        lines.append("per kind (all / filtered):")
        for kind in Set(outcomes.map(\.kind)).sorted() {
            line(kind, outcomes.filter { $0.kind == kind })
            line(kind + " (filtered)", filtered.filter { $0.kind == kind })
        }
        lines.append("per tag (all cases):")
        for tag in Set(outcomes.flatMap(\.tags)).sorted() { line(tag, outcomes.filter { $0.tags.contains(tag) }) }
        let misses = filtered.filter { !$0.agrees }
        lines.append("disagreements in the filtered set: \(misses.count)")
        for outcome in misses { lines.append(describe(outcome)) }
        lines.append("excluded cases (suspect, service-specific, request-resource wildcard):")
        for outcome in outcomes where !outcome.isInFilteredSet {
            lines.append((outcome.agrees ? "  agree    " : "  DISAGREE ") + describe(outcome).dropFirst(2))
        }
        return lines.joined(separator: "\n")
    }

    private func describe(_ outcome: CorpusOutcome) -> String {
        var text = "  \(outcome.caseId): expected \(outcome.expected.rawValue), got \(outcome.actual.rawValue)"
        if let deniedBy = outcome.deniedBy { text += " (\(deniedBy.rawValue))" }
        text += " — \(outcome.name)"
        if let notes = outcome.notes { text += " [\(notes)]" }
        if !outcome.preparation.isEmpty { text += " {\(outcome.preparation.joined(separator: "; "))}" }
        return text
    }
}

extension String {
    fileprivate func padded(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }

    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
