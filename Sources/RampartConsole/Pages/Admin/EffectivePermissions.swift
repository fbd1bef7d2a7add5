import RampartCore
import RampartServices

/// "Effective permissions" on a user's page: the policy simulator (`SimulatePrincipalPolicy`, the code the
/// API runs) for a list of actions the administrator chooses, on the resources they name (any resource,
/// `*`, when none) and with the context keys they give, with each decision in words, the policies that
/// decided it and the context keys (such as `aws:MultiFactorAuthPresent`) a condition needed.
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
    /// The resource ARNs typed, one per line; empty for any resource.
    var resources: [String]
    /// The context keys typed, one per line: `key type value` (the simulator's `ContextKeyType`s; a list
    /// type takes values separated by commas), as the text was typed.
    var context: String
    /// Nil before the form is sent.
    var results: [IAM.EvaluationResult]?
    var error: String?

    init(typed: String?, resources: String? = nil, context: String? = nil) {
        let words = (typed ?? "").split { $0 == "," || $0.isWhitespace }.map(String.init)
        actions = words.isEmpty ? Self.defaultActions : words
        self.resources = (resources ?? "").split(whereSeparator: \.isWhitespace).map(String.init)
        self.context = context ?? ""
    }

    /// SimulatePrincipalPolicy's Query parameters for the resources and context keys, as the API reads
    /// them (the model's types and limits then apply); a line that is not `key type value` is refused.
    func simulationParameters() throws(AWSError) -> [String: String] {
        var parameters = [String: String]()
        for (index, resource) in resources.enumerated() { parameters["ResourceArns.member.\(index + 1)"] = resource }
        let lines = context.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        for (index, line) in lines.filter({ !$0.isEmpty }).enumerated() {
            let parts = line.split(maxSplits: 2, whereSeparator: \.isWhitespace).map(String.init)
            guard parts.count == 3 else {
                throw AWSError.invalidInput(
                    "Write each context key as: key type value (for example aws:MultiFactorAuthPresent boolean true). "
                        + "This line is not: \(line)")
            }
            let prefix = "ContextEntries.member.\(index + 1)."
            parameters[prefix + "ContextKeyName"] = parts[0]
            parameters[prefix + "ContextKeyType"] = parts[1]
            let values = parts[1].hasSuffix("List") ? parts[2].split(separator: ",").map(String.init) : [parts[2]]
            for (number, value) in values.enumerated() {
                parameters[prefix + "ContextKeyValues.member.\(number + 1)"] = value.trimmingCharacters(
                    in: .whitespaces)
            }
        }
        return parameters
    }

    func render(base: String) -> String {
        var table = ""
        if let error {
            table = Layout.message(error)
        } else if let results {
            table = AdminTable.render(
                id: "effective-permissions", label: "Effective permissions",
                headers: ["Action", "Resource", "Decision", "Decided by", "Conditions need"],
                rows: results.map { result in
                    let deciders = (result.matchedStatements ?? []).compactMap(\.sourcePolicyId)
                    return [
                        .html("<code>\(HTML.escape(result.evalActionName))</code>"),
                        .html("<code>\(HTML.escape(result.evalResourceName ?? "*"))</code>"),
                        .text(Self.decision(result.evalDecision)),
                        .text(deciders.isEmpty ? "—" : Array(Set(deciders)).sorted().joined(separator: ", ")),
                        .text((result.missingContextValues ?? []).joined(separator: ", ")),
                    ]
                }, empty: "No actions.")
        }
        return """
            <h2>Effective permissions</h2>
            <p>What this user's policies, groups, permissions boundary and the organization's SCPs decide for
            each action on each resource (any resource when none is named), with the request context you give,
            by the policy simulator (<code>iam:SimulatePrincipalPolicy</code>).</p>
            <form method="get" action="\(HTML.escape(base))" id="simulate">
            <input type="hidden" name="tab" value="permissions">
            <label>Actions (one per line) <textarea name="actions" id="simulate-actions" rows="4">\(HTML.escape(actions.joined(separator: "\n")))</textarea></label>
            <label>Resource ARNs (one per line; empty for any resource) <textarea name="resources" id="simulate-resources" rows="2" placeholder="arn:aws:s3:::example-bucket/*">\(HTML.escape(resources.joined(separator: "\n")))</textarea></label>
            <label>Context keys (one per line: key type value, such as <code>aws:MultiFactorAuthPresent boolean true</code>; types as the simulator's: string, boolean, numeric, ip, date, binary, and their List forms with values separated by commas) <textarea name="context" id="simulate-context" rows="2">\(HTML.escape(context))</textarea></label>
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
