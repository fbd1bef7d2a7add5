import Foundation

/// Turns one case of the corpus JSON into policies and a request, applying the few translations the corpus
/// needs to be expressed with Rampart's types; each one is recorded in `CorpusCase.preparation`.
struct CorpusCaseReader {
    private var preparation: [String] = []

    static func read(_ raw: [String: Any]) throws(CorpusError) -> CorpusCase {
        var reader = CorpusCaseReader()
        return try reader.read(raw)
    }

    private mutating func read(_ raw: [String: Any]) throws(CorpusError) -> CorpusCase {
        guard let id = raw["id"] as? String, let expectedText = raw["expected"] as? String,
            let expected = Decision(rawValue: expectedText), let policies = raw["policies"] as? [String: Any],
            let rawRequest = raw["request"] as? [String: Any]
        else { throw CorpusError("case without id, expected, policies or request") }
        let request = try self.request(rawRequest, id: id)
        let set = self.policies(policies, request: request)
        var decidedByServiceRule: Decision?
        if request.action.lowercased() == "sts:getcalleridentity" {
            // STS documents that GetCallerIdentity needs no permission, and even an explicit deny cannot stop it.
            decidedByServiceRule = .allow
            preparation.append("service rule: sts:GetCallerIdentity needs no permission")
        }
        return CorpusCase(
            id: id, name: raw["name"] as? String ?? "", kind: raw["kind"] as? String ?? "",
            tags: raw["tags"] as? [String] ?? [], expected: expected, notes: Self.notes(raw["notes"]), policies: set,
            request: request, preparation: preparation, decidedByServiceRule: decidedByServiceRule)
    }

    private mutating func request(_ raw: [String: Any], id: String) throws(CorpusError) -> EvaluationRequest {
        guard let action = raw["action"] as? String, let resource = raw["resource"] as? String else {
            throw CorpusError("\(id): request without action or resource")
        }
        var principal = raw["principal"] as? String ?? ""
        if let object = raw["principal"] as? [String: Any], object["type"] as? String == "Anonymous" {
            // Anonymous callers have no ARN and no account; "*" principals still name them.
            principal = "anonymous"
        }
        var context = ConditionContext()
        for (key, value) in raw["context"] as? [String: Any] ?? [:] {
            if let text = value as? String {
                context.set(key, .string(text))
            } else if let list = value as? [Any] {
                context.set(key, .strings(list.map { "\($0)" }))
            } else {
                context.set(key, .string("\(value)"))
            }
        }
        return EvaluationRequest(
            principal: principal, principalAccount: nil, action: action, resource: resource,
            resourceAccount: raw["resourceAccount"] as? String, context: context)
    }

    private mutating func policies(_ raw: [String: Any], request: EvaluationRequest) -> PolicySet {
        var set = PolicySet()
        set.identity = list(raw["identity"]).compactMap { compile($0, id: "identity", kind: .identity) }
        if let boundaries = raw["permissionBoundary"] as? [Any] {
            // The corpus uses an empty list for "no boundary" (its case "should ignore empty permission
            // boundary array"); a set boundary always has a policy.
            let compiled = boundaries.compactMap { compile($0, id: "boundary", kind: .identity) }
            set.permissionsBoundary = compiled.isEmpty ? nil : compiled
        }
        if let session = raw["session"], !(session is NSNull) {
            set.session = [compile(session, id: "session", kind: .identity)].compactMap { $0 }
        }
        set.scp = list(raw["scp"]).map { level in
            list((level as? [String: Any])?["policies"]).compactMap { compile($0, id: "scp", kind: .identity) }
        }
        set.rcp = list(raw["rcp"]).map { level in
            // The corpus states its upstream harness adds RCPFullAWSAccess to every level, as AWS does.
            let full: [String: Any] = [
                "Version": "2012-10-17",
                "Statement": [["Effect": "Allow", "Action": "*", "Resource": "*", "Principal": "*"]],
            ]
            return (list((level as? [String: Any])?["policies"]) + [full]).compactMap {
                compile($0, id: "rcp", kind: .resource)
            }
        }
        if request.principal == "anonymous", !set.scp.isEmpty {
            // SCPs limit the IAM principals of member accounts; an anonymous caller is none of them.
            set.scp = []
            preparation.append("SCPs do not apply to an anonymous caller")
        }
        let endpoint = list(raw["vpcEndpoint"])
        if !endpoint.isEmpty {
            // Rampart has no VPC endpoints. An endpoint policy is one more guardrail that must allow and
            // whose Deny wins, which is exactly an extra SCP level; its statements name "*" or no principal.
            set.scp.append(endpoint.compactMap { compile($0, id: "vpc-endpoint", kind: .resource) })
            preparation.append("VPC endpoint policy evaluated as an extra SCP-like level")
        }
        if let resource = raw["resource"], !(resource is NSNull) {
            set.resource = compile(resource, id: "resource", kind: .resource)
        }
        if Self.requiresResourcePolicy(request) {
            // Modelled service rule: role trust policies and KMS key policies must allow the caller
            // themselves. Every role and key has such a policy, so a missing one grants nothing.
            if set.resource == nil {
                set.resource = compile(Self.grantsNothing, id: "resource", kind: .resource)
            }
            set.resource?.requiresExplicitAllow = true
            preparation.append("service rule: the resource policy must allow (trust or key policy)")
        }
        return set
    }

    private static var grantsNothing: [String: Any] {
        [
            "Version": "2012-10-17",
            "Statement": [["Effect": "Allow", "NotAction": "*", "Resource": "*", "Principal": "*"]],
        ]
    }

    private static func requiresResourcePolicy(_ request: EvaluationRequest) -> Bool {
        let action = request.action.lowercased()
        if action.hasPrefix("sts:assumerole") { return true }
        return action.hasPrefix("kms:") && request.resource.contains(":key/")
    }

    private func list(_ value: Any?) -> [Any] { value as? [Any] ?? [] }

    private mutating func compile(_ raw: Any, id: String, kind: PolicyDocument.Kind) -> CompiledPolicy? {
        var normalized = raw
        if kind == .resource, let (rewritten, changed) = Self.principalsAsMaps(raw), changed {
            normalized = rewritten
            preparation.append("\(id) policy: bare-string Principal ARN read as {\"AWS\": ARN}")
        }
        guard let data = try? JSONSerialization.data(withJSONObject: normalized, options: [.sortedKeys]),
            let json = String(data: data, encoding: .utf8)
        else {
            preparation.append("\(id) policy is not JSON; left out")
            return nil
        }
        do {
            return try CompiledPolicy(json: json, id: id, kind: kind)
        } catch {
            // IAM refuses such a policy on write, so no request could ever be evaluated against it.
            preparation.append("\(id) policy refused (\(error.message)); left out")
            return nil
        }
    }

    /// Some corpus resource policies write `"Principal": "arn:…"`, which IAM's grammar does not allow
    /// (only "*" may be a bare string); the evident meaning is {"AWS": "arn:…"}.
    private static func principalsAsMaps(_ raw: Any) -> (Any, Bool)? {
        guard var policy = raw as? [String: Any] else { return nil }
        var changed = false
        func fix(_ statement: Any) -> Any {
            guard var statement = statement as? [String: Any] else { return statement }
            for key in ["Principal", "NotPrincipal"] {
                if let text = statement[key] as? String, text != "*" {
                    statement[key] = ["AWS": text]
                    changed = true
                }
            }
            return statement
        }
        if let statements = policy["Statement"] as? [Any] {
            policy["Statement"] = statements.map(fix)
        } else if let statement = policy["Statement"] {
            policy["Statement"] = fix(statement)
        }
        return (policy, changed)
    }

    private static func notes(_ raw: Any?) -> String? {
        guard let notes = raw as? [String: Any], !notes.isEmpty else { return nil }
        return notes.keys.sorted().map { "\($0): \(notes[$0].map { "\($0)" } ?? "")" }.joined(separator: "; ")
    }
}
