import Foundation

/// The IAM decision corpus in /work/shared/conformance/policy (kept outside the repository: its test data
/// is AGPL-licensed), loaded for the conformance test and the benchmark.
public struct PolicyCorpus: Sendable {
    public static let defaultPath = "/work/shared/conformance/policy/cases.json"

    public var cases: [CorpusCase]

    /// RAMPART_POLICY_CORPUS when set, else the shared default.
    public static func path(environment: [String: String]) -> String {
        environment["RAMPART_POLICY_CORPUS"] ?? defaultPath
    }

    public init(contentsOf path: String) throws(CorpusError) {
        guard let data = FileManager.default.contents(atPath: path) else { throw CorpusError("cannot read \(path)") }
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let rawCases = root["cases"] as? [Any]
        else { throw CorpusError("\(path) is not a corpus (no \"cases\" list)") }
        var cases = [CorpusCase]()
        for case let raw as [String: Any] in rawCases { cases.append(try CorpusCaseReader.read(raw)) }
        self.cases = cases
    }

    public func run(_ evaluator: PolicyEvaluator) -> CorpusReport {
        CorpusReport(
            outcomes: cases.map { corpusCase in
                let result = evaluator.evaluate(corpusCase.policies, corpusCase.request)
                return CorpusOutcome(
                    caseId: corpusCase.id, name: corpusCase.name, kind: corpusCase.kind, tags: corpusCase.tags,
                    expected: corpusCase.expected, actual: corpusCase.decidedByServiceRule ?? result.decision,
                    deniedBy: result.deniedBy, isInFilteredSet: corpusCase.isInFilteredSet, notes: corpusCase.notes,
                    preparation: corpusCase.preparation)
            })
    }
}
