/// The evaluator's answer to one corpus case.
public struct CorpusOutcome: Sendable {
    public var caseId: String
    public var name: String
    public var kind: String
    public var tags: [String]
    public var expected: Decision
    public var actual: Decision
    public var deniedBy: PolicyType?
    public var isInFilteredSet: Bool
    public var notes: String?
    public var preparation: [String]

    public var agrees: Bool { expected == actual }
}
