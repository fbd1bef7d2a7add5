import RampartPolicy

/// Small builders shared by the evaluator tests.
enum Fixture {
    static let account = "123456789012"
    static let otherAccount = "210987654321"
    static let alice = "arn:aws:iam::123456789012:user/alice"
    static let role = "arn:aws:iam::123456789012:role/app/deployer"
    static let session = "arn:aws:sts::123456789012:assumed-role/deployer/build-42"
    static let root = "arn:aws:iam::123456789012:root"

    static func policy(
        _ json: String, kind: PolicyDocument.Kind = .identity, id: String = "policy"
    ) throws(PolicyDocumentError) -> CompiledPolicy {
        try CompiledPolicy(json: json, id: id, kind: kind)
    }

    /// A policy of one statement given as JSON text (without braces around the list).
    static func statements(_ statements: String, version: String? = "2012-10-17") -> String {
        let versionField = version.map { #""Version":"\#($0)","# } ?? ""
        return #"{\#(versionField)"Statement":[\#(statements)]}"#
    }

    /// "Allow everything if the condition block holds", the shape of the corpus's operator unit cases.
    static func allowIf(_ condition: String, version: String? = "2012-10-17") -> String {
        statements(#"{"Effect":"Allow","Action":"*","Resource":"*","Condition":\#(condition)}"#, version: version)
    }

    static func request(
        _ action: String = "iam:GetUser", _ resource: String = "arn:aws:iam::123456789012:user/alice",
        principal: String = alice, principalAccount: String? = nil, resourceAccount: String? = account,
        context: [String: ContextValue] = [:]
    ) -> EvaluationRequest {
        EvaluationRequest(
            principal: principal, principalAccount: principalAccount, action: action, resource: resource,
            resourceAccount: resourceAccount, context: ConditionContext(context))
    }

    static func evaluate(_ policies: PolicySet, _ request: EvaluationRequest) -> EvaluationResult {
        PolicyEvaluator().evaluate(policies, request)
    }

    static func decision(_ policies: PolicySet, _ request: EvaluationRequest) -> Decision {
        evaluate(policies, request).decision
    }

    /// Whether a condition block holds for a context, through a single Allow-everything statement.
    static func holds(
        _ condition: String, _ context: [String: ContextValue] = [:], version: String? = "2012-10-17"
    ) throws -> Bool {
        let set = PolicySet(identity: [try policy(allowIf(condition, version: version))])
        return decision(set, request(context: context)) == .allow
    }

    /// Whether a single Allow statement with these Action/Resource elements covers the request.
    static func covers(_ elements: String, _ request: EvaluationRequest) throws -> Bool {
        let set = PolicySet(identity: [try policy(statements(#"{"Effect":"Allow",\#(elements)}"#))])
        return decision(set, request) == .allow
    }
}
