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

    /// Parses and compiles. Besides PolicyDocument's write-time errors this throws for a Condition IAM
    /// cannot evaluate: an unknown operator ("Invalid Condition type : StringEqualz", NullIfExists
    /// included) or a value that is not a string, number or boolean.
    public init(json: String, id: String, kind: PolicyDocument.Kind = .identity) throws(PolicyDocumentError) {
        try self.init(document: PolicyDocument(json: json, kind: kind), id: id)
    }

    public init(document: PolicyDocument, id: String) throws(PolicyDocumentError) {
        self.id = id
        kind = document.kind
        requiresExplicitAllow = document.kind == .trust
        program = try PolicyProgram(document)
    }
}
