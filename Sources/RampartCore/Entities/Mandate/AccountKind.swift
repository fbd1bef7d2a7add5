/// What an account is to the root-user MFA mandate, derived from its organization: the management
/// account of one, a member of one, or on its own.
public enum AccountKind: String, Codable, Sendable, CaseIterable, Comparable {
    case management = "MANAGEMENT"
    case member = "MEMBER"
    case standalone = "STANDALONE"

    public static func < (lhs: AccountKind, rhs: AccountKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
