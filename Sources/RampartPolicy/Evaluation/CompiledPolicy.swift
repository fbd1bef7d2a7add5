/// A policy compiled once (wildcards split into programs, condition operators resolved, numbers, dates and
/// CIDR blocks parsed) and evaluated many times.
public struct CompiledPolicy: Sendable {
    /// Names the policy in MatchedStatement (a policy ARN, "user/alice/inline/name", …).
    public let id: String
    public let kind: PolicyDocument.Kind
    /// Whether this resource-side policy must itself allow the caller, as AWS documents for role trust
    /// policies and KMS key policies: naming the caller's account only delegates to the account's identity
    /// policies, and an identity-based Allow alone is not enough. True for trust policies; set it for a
    /// key policy compiled as `.resource`.
    public var requiresExplicitAllow: Bool
    let program: PolicyProgram

    /// Parses a stored document by its shape only (`PolicyGrammar.reading`: the write rules were applied
    /// when it was stored) and compiles it. This throws for a document that is not a policy's shape, and
    /// for a Condition IAM cannot evaluate.
    public init(json: String, id: String, kind: PolicyDocument.Kind = .identity) throws(PolicyDocumentError) {
        try self.init(document: PolicyDocument(json: json, grammar: .reading(kind)), id: id)
    }

    public init(document: PolicyDocument, id: String) throws(PolicyDocumentError) {
        self.id = id
        kind = document.kind
        requiresExplicitAllow = document.kind == .trust
        program = try PolicyProgram(document)
    }
}
