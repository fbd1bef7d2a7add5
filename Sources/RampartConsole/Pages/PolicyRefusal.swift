import RampartCore

/// AWS's AccessDenied message read back into its parts: the action, and which kind of policy refused it
/// (`AccessDeniedMessage` writes them).
struct PolicyRefusal {
    enum Refuser {
        /// No identity-based policy allows it.
        case ownPolicies
        case explicitDeny
        case permissionsBoundary
        case sessionPolicy
        case serviceControlPolicy
        case resourcePolicy
        /// The bare form that names no policy: AWS words every refusal of AssumeRole so, whether the
        /// caller's policies, the role's trust policy or a missing role refused it.
        case unstated
    }

    var action: String
    var refuser: Refuser
    /// The account of the resource the message names (`on resource: arn:…`), when it names one.
    var resourceAccount: String?

    init?(_ message: String) {
        guard let range = message.range(of: "is not authorized to perform: ") else { return nil }
        let action = message[range.upperBound...].prefix { !$0.isWhitespace }
        guard !action.isEmpty else { return nil }
        self.action = String(action)
        if let resource = message.range(of: "on resource: arn:") {
            let fields = message[resource.upperBound...].prefix { !$0.isWhitespace }.split(
                separator: ":", omittingEmptySubsequences: false)
            resourceAccount = fields.count > 3 && !fields[3].isEmpty ? String(fields[3]) : nil
        }
        let explicit = message.contains("with an explicit deny in ")
        if message.contains("service control policy") || message.contains("resource control policy") {
            refuser = .serviceControlPolicy
        } else if message.contains("permissions boundary") {
            refuser = .permissionsBoundary
        } else if message.contains("session policy") {
            refuser = .sessionPolicy
        } else if message.contains("resource-based policy") {
            refuser = .resourcePolicy
        } else if explicit {
            refuser = .explicitDeny
        } else if message.contains(" because ") {
            refuser = .ownPolicies
        } else {
            refuser = .unstated
        }
    }

    /// What was refused, why, and whom to ask. Root is refused only by its organization's policies, so
    /// it is never sent to "an administrator of the account" (itself).
    func words(for principal: Principal) -> String {
        let account = principal.account.rawValue
        let askAccount = "Ask an administrator of account \(account) to allow \(action) for you."
        switch refuser {
        case .ownPolicies:
            return "You cannot do this: your permissions do not include \(action). \(askAccount)"
        case .explicitDeny:
            return "You cannot do this: a policy that applies to you denies \(action) (an explicit deny). "
                + askAccount
        case .permissionsBoundary:
            return "You cannot do this: your permissions boundary does not allow \(action), whatever your "
                + "policies allow. \(askAccount)"
        case .sessionPolicy:
            return "You cannot do this: the policy of this session does not allow \(action). Sign in again "
                + "without it, or ask whoever gave you the session to include \(action)."
        case .resourcePolicy:
            return "You cannot do this: the policy of the resource itself denies \(action). Ask its owner "
                + "to allow it."
        case .unstated:
            // Both sides may be why: the caller's permissions, or the resource (missing, or its policy).
            let other = resourceAccount.flatMap { $0 == account ? nil : $0 }
            let owner = other.map { ", and an administrator of account \($0) to check that it exists and allows you" }
            return "You cannot do this: \(action) was refused, and the refusal does not say which policy refused "
                + "it. Either your permissions do not include \(action), or what you asked for does not exist or "
                + "its own policy (for a role, its trust policy) does not allow you. Ask an administrator of account "
                + "\(account) to allow \(action) for you\(owner ?? "")."
        case .serviceControlPolicy:
            let who = principal.kind == .root ? "The root user too is bound by them: ask" : "Ask"
            return "You cannot do this: the organization's policies deny \(action) in account \(account). "
                + "\(who) an administrator of the organization's management account to allow it."
        }
    }
}
