import Foundation

/// A parsed IAM policy document. Parsing validates the grammar IAM enforces on write and
/// fails with the reason IAM gives; evaluation (the policy engine) builds on this type.
public struct PolicyDocument: Sendable, Equatable {
    /// What the document is for; each kind has its own required and forbidden fields.
    public enum Kind: Sendable {
        /// Identity policies, permissions boundaries and session policies.
        case identity
        /// Role trust policies: Principal required, Resource forbidden.
        case trust
        /// Resource-based policies evaluated but not stored by Rampart (bucket or key policies, RCPs):
        /// Principal and Resource both allowed and both optional. A statement without a principal never
        /// applies to anyone, so the evaluator needs no extra rule for it.
        case resource
    }

    public var version: String?
    public var statements: [Statement]
    /// The kind the document was parsed as; the evaluator needs it to know how a trust policy grants.
    public var kind: Kind

    /// Parses `json` after checking it as IAM does before it stores a document of this kind (see
    /// `PolicyGrammar`); `partition` and `requiresCurrentVersion` are the rules of the operation storing it.
    public init(json: String, kind: Kind) throws(PolicyDocumentError) {
        try self.init(json: json, grammar: PolicyGrammar(kind: kind))
    }

    public init(json: String, grammar: PolicyGrammar) throws(PolicyDocumentError) {
        kind = grammar.kind
        let object = try PolicyJSON.object(
            json, unreadable: kind == .trust ? .malformed("This policy contains invalid Json") : .syntax)
        let statements = try grammar.check(object)
        version = object["Version"] as? String
        var parsed = [Statement]()
        parsed.reserveCapacity(statements.count)
        for fields in statements { parsed.append(try Statement(fields: fields)) }
        self.statements = parsed
    }

    public static let versions: Set<String> = ["2012-10-17", "2008-10-17"]

    /// IAM's size rule: characters excluding whitespace.
    public static func size(of json: String) -> Int {
        json.unicodeScalars.reduce(0) { $0 + ($1.properties.isWhitespace ? 0 : 1) }
    }
}

public struct PolicyDocumentError: Error, Sendable, Equatable {
    public var message: String
    public static let syntax = PolicyDocumentError(message: "Syntax errors in policy.")
    public static func malformed(_ message: String) -> PolicyDocumentError { PolicyDocumentError(message: message) }
}
