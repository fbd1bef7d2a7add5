import RampartPolicy

/// What one permissions policy grants, as the access advisor and ListPoliciesGrantingServiceAccess
/// read it: the services and actions its Allow statements name. Deny statements, resources and
/// conditions are not weighed (AWS: "It only applies permissions policy logic"), so a service is
/// granted when any Allow statement could allow one of its actions.
struct PolicyGrant: Sendable {
    private struct AllowStatement: Sendable {
        var actions: [ActionGlob]
        /// A NotAction statement allows what its patterns do not name.
        var isNot: Bool
    }

    private let statements: [AllowStatement]

    init(_ document: PolicyDocument) {
        statements = Self.allowStatements(of: document)
    }

    /// The policy text as stored; a document that no longer parses grants nothing.
    init(json: String) {
        statements = (try? PolicyDocument(json: json, kind: .identity)).map(Self.allowStatements) ?? []
    }

    private static func allowStatements(of document: PolicyDocument) -> [AllowStatement] {
        document.statements.compactMap { statement in
            guard statement.effect == .allow else { return nil }
            if let actions = statement.actions {
                return AllowStatement(actions: actions.map(ActionGlob.init), isNot: false)
            }
            return AllowStatement(actions: (statement.notActions ?? []).map(ActionGlob.init), isNot: true)
        }
    }

    func allows(namespace: String) -> Bool {
        statements.contains { statement in
            statement.isNot
                ? !statement.actions.contains { $0.covers(namespace: namespace) }
                : statement.actions.contains { $0.touches(namespace: namespace) }
        }
    }

    func allows(namespace: String, action: String) -> Bool {
        statements.contains { statement in
            let named = statement.actions.contains { $0.matches(namespace: namespace, action: action) }
            return statement.isNot ? !named : named
        }
    }

    /// The namespaces the policy's Allow statements spell out (`s3` of `s3:GetObject`), which the
    /// report lists even when this server does not serve them.
    var namedNamespaces: Set<String> {
        var names = Set<String>()
        for statement in statements where !statement.isNot {
            for glob in statement.actions where !glob.namespace.contains(where: Self.isWildcard) {
                names.insert(String(decoding: glob.namespace, as: UTF8.self))
            }
        }
        return names
    }

    private static func isWildcard(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "*") || byte == UInt8(ascii: "?")
    }
}
