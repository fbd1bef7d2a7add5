import RampartCore

/// AWS's AccessDenied message read back into its parts: the action, and which kind of policy refused it
/// (`AccessDeniedMessage` writes them).
struct PolicyRefusal {
    enum Refuser {
        /// No identity-based policy allows it (or the message does not say).
        case ownPolicies
        case explicitDeny
        case permissionsBoundary
        case sessionPolicy
        case serviceControlPolicy
        case resourcePolicy
    }

    var action: String
    var refuser: Refuser

    init?(_ message: String) {
        guard let range = message.range(of: "is not authorized to perform: ") else { return nil }
        let action = message[range.upperBound...].prefix { !$0.isWhitespace }
        guard !action.isEmpty else { return nil }
        self.action = String(action)
        let explicit = message.contains("with an explicit deny in ")
        if message.contains("service control policy") || message.contains("resource control policy") {
            refuser = .serviceControlPolicy
        } else if message.contains("permissions boundary") {
            refuser = .permissionsBoundary
        } else if message.contains("session policy") {
            refuser = .sessionPolicy
        } else if message.contains("resource-based policy") {
            refuser = .resourcePolicy
        } else {
            refuser = explicit ? .explicitDeny : .ownPolicies
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
        case .serviceControlPolicy:
            let who = principal.kind == .root ? "The root user too is bound by them: ask" : "Ask"
            return "You cannot do this: the organization's policies deny \(action) in account \(account). "
                + "\(who) an administrator of the organization's management account to allow it."
        }
    }
}
