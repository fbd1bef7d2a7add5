/// How a Principal element named the caller, which decides what a same-account resource-policy Allow can
/// grant on its own (IAM User Guide, policy evaluation logic and permissions boundaries):
enum PrincipalMatch: Int, Comparable {
    /// The account (or its root ARN): delegates to the account's IAM policies and grants nothing alone.
    case account = 0
    /// A role ARN, matching the role's sessions: grants, but boundaries and session policies still limit it.
    case role = 1
    /// The caller itself (user ARN, session ARN, federated user) or everyone ("*"): grants even without an
    /// identity-based Allow and is not limited by a boundary or session policy.
    case direct = 2

    static func < (lhs: PrincipalMatch, rhs: PrincipalMatch) -> Bool { lhs.rawValue < rhs.rawValue }
}
