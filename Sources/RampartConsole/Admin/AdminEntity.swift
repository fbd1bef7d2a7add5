/// The IAM identities that policies attach to, with the names of their operations, so that one piece
/// of code lists and changes the attachments of a user, a group or a role.
enum AdminEntity: String {
    case user = "User"
    case group = "Group"
    case role = "Role"

    /// The Query parameter that names one (`UserName`).
    var parameter: String { rawValue + "Name" }

    var area: AdminPath.Area {
        switch self {
        case .user: .users
        case .group: .groups
        case .role: .roles
        }
    }

    var noun: String { rawValue.lowercased() }
}
