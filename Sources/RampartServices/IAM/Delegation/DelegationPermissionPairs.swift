import Foundation

/// The (action, resource) pairs a delegation policy allows, when the policy spells them out: Allow
/// statements of literal actions, without NotAction, NotResource, Condition or Deny. For anything else
/// `exact` is nil, and a permission check can only answer UNSURE (AWS's word for it).
struct DelegationPermissionPairs {
    let exact: [(action: String, resource: String)]?

    /// The rendered policy is at most 2048 characters, so parsing it whole is cheap.
    init(policy: String) {
        guard let json = try? JSONSerialization.jsonObject(with: Data(policy.utf8)) as? [String: Any] else {
            exact = nil
            return
        }
        let statements: [Any] = (json["Statement"] as? [Any]) ?? (json["Statement"].map { [$0] } ?? [])
        var pairs: [(action: String, resource: String)] = []
        for case let statement as [String: Any] in statements {
            let keys = Set(statement.keys)
            guard statement["Effect"] as? String == "Allow",
                keys.isDisjoint(with: ["NotAction", "NotResource", "Condition"]),
                let actions = Self.strings(statement["Action"]), let resources = Self.strings(statement["Resource"]),
                actions.allSatisfy({ !$0.contains("*") && !$0.contains("?") })
            else {
                exact = nil
                return
            }
            for action in actions { for resource in resources { pairs.append((action, resource)) } }
        }
        exact = pairs.isEmpty ? nil : pairs
    }

    private static func strings(_ value: Any?) -> [String]? {
        if let single = value as? String { return [single] }
        return value as? [String]
    }
}
