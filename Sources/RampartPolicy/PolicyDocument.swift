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

    public init(json: String, kind: Kind) throws(PolicyDocumentError) {
        self.kind = kind
        let object = try PolicyJSON.object(
            json, unreadable: kind == .trust ? .malformed("This policy contains invalid Json") : .syntax)
        for key in object.keys where !["Version", "Id", "Statement"].contains(key) {
            throw .malformed("Syntax errors in policy. Unknown field \(key)")
        }
        if let version = object["Version"] {
            guard let text = version as? String, Self.versions.contains(text) else {
                throw .malformed("The policy failed legacy parsing")
            }
            self.version = text
        }
        guard let statementValue = object["Statement"] else { throw .malformed("Missing required field Statement") }
        let rawStatements: [Any]
        if let list = statementValue as? [Any] {
            rawStatements = list
        } else {
            rawStatements = [statementValue]
        }
        guard !rawStatements.isEmpty else { throw .malformed("Missing required field Statement") }
        var statements = [Statement]()
        var sids = Set<String>()
        for raw in rawStatements {
            guard let fields = raw as? [String: Any] else { throw .syntax }
            let statement = try Statement(fields: fields, kind: kind)
            // An empty Sid names nothing, so several may be empty.
            if let sid = statement.sid, !sid.isEmpty {
                guard sids.insert(sid).inserted else {
                    throw .malformed("Statement IDs (SID) in a single policy must be unique")
                }
            }
            statements.append(statement)
        }
        self.statements = statements
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
