/// One case of the neutral IAM decision corpus (format neutral-iam-decision-corpus/v1), ready to evaluate.
public struct CorpusCase: Sendable {
    public var id: String
    public var name: String
    /// "full" or "derived-condition-unit".
    public var kind: String
    public var tags: [String]
    public var expected: Decision
    /// The corpus's own notes (suspect reasons, upstream quirks), flattened to text.
    public var notes: String?
    public var policies: PolicySet
    public var request: EvaluationRequest
    /// What the runner had to do to express the case (policies AWS would refuse, modelled service rules).
    public var preparation: [String]
    /// Set when a service rule outside policy evaluation decides the case (sts:GetCallerIdentity needs no
    /// permission); the evaluator is not consulted.
    public var decidedByServiceRule: Decision?

    /// The cases the corpus README suggests leaving out of an agreement figure: expectations that rest on
    /// undocumented behaviour, service-specific authorizers, and requests whose resource is itself a pattern.
    public var isInFilteredSet: Bool {
        !tags.contains("suspect") && !tags.contains("requestResourceWildcard")
            && !tags.contains { $0.hasPrefix("serviceSpecificAuthorizer:") }
    }
}
