import RampartServices

/// "Effective permissions" on a user's page: the policy simulator (`SimulatePrincipalPolicy`, the code the
/// API runs) for a list of actions the administrator chooses, with each decision in words, the policies
/// that decided it and the context keys (such as `aws:MultiFactorAuthPresent`) a condition needed.
struct EffectivePermissions {
    /// Actions an administrator usually asks about first: the self-service an MFA policy governs, and a
    /// few powerful ones.
    static let defaultActions = [
        "iam:ChangePassword", "iam:CreateAccessKey", "iam:EnableMFADevice", "iam:DeactivateMFADevice",
        "iam:CreateUser", "iam:AttachUserPolicy", "sts:AssumeRole", "s3:GetObject",
    ]

    /// At most this many actions at once: the page is for a question, not an audit.
    static let maximumActions = 50

    /// The actions typed (one per line, or separated by spaces or commas).
    var actions: [String]
    /// Nil before the form is sent.
    var results: [IAM.EvaluationResult]?
    var error: String?

    init(typed: String?) {
        let words = (typed ?? "").split { $0 == "," || $0.isWhitespace }.map(String.init)
        actions = words.isEmpty ? Self.defaultActions : words
    }

    func render(base: String) -> String {
        var table = ""
        if let error {
            table = Layout.message(error)
        } else if let results {
            table = AdminTable.render(
                id: "effective-permissions", label: "Effective permissions",
                headers: ["Action", "Decision", "Decided by", "Conditions need"],
                rows: results.map { result in
                    let deciders = (result.matchedStatements ?? []).compactMap(\.sourcePolicyId)
                    return [
                        .html("<code>\(HTML.escape(result.evalActionName))</code>"),
                        .text(Self.decision(result.evalDecision)),
                        .text(deciders.isEmpty ? "—" : Array(Set(deciders)).sorted().joined(separator: ", ")),
                        .text((result.missingContextValues ?? []).joined(separator: ", ")),
                    ]
                }, empty: "No actions.")
        }
        return """
            <h2>Effective permissions</h2>
            <p>What this user's policies, groups, permissions boundary and the organization's SCPs decide for
            each action, on any resource, by the policy simulator (<code>iam:SimulatePrincipalPolicy</code>).</p>
            <form method="get" action="\(HTML.escape(base))" id="simulate">
            <input type="hidden" name="tab" value="permissions">
            <label>Actions (one per line) <textarea name="actions" id="simulate-actions" rows="4">\(HTML.escape(actions.joined(separator: "\n")))</textarea></label>
            <button type="submit" id="simulate-button">Check</button>
            </form>
            \(table)
            """
    }

    static func decision(_ value: String) -> String {
        switch value {
        case "allowed": "Allowed"
        case "explicitDeny": "Denied by a statement (explicit deny)"
        default: "Denied: no policy allows it"
        }
    }
}
