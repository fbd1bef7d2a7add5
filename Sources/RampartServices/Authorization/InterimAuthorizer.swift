import RampartCore
import RampartStore

/// The rule until the policy engine lands: the root user and any principal holding
/// `AdministratorAccess` (directly, through a group, or through the role it assumed) may act;
/// everyone may ask who they are and get a session token; everyone else is denied in AWS's words. Session policies
/// and permissions boundaries are stored but not yet evaluated.
public struct InterimAuthorizer: Authorizer {
    public static let administratorAccessArn = "arn:aws:iam::aws:policy/AdministratorAccess"

    static let unrestricted: Set<String> = [
        "sts:getcalleridentity", "sts:getsessiontoken", "rampart:getrequestcontext",
    ]

    public init() {}

    public func authorize(_ request: AuthorizationRequest, in snapshot: StoreSnapshot) -> AuthorizationDecision {
        let principal = request.principal
        if let violation = SessionTokenRestrictions.violation(
            principal, action: request.action, resource: request.resource)
        {
            return .deny(violation)
        }
        // "No permissions are required" for these two, in AWS's words.
        if Self.unrestricted.contains(request.action.lowercased()) { return .allow }
        if principal.kind == .root { return .allow }
        return holdsAdministratorAccess(principal, snapshot)
            ? .allow : .deny(AccessDeniedMessage.noIdentityPolicy(request))
    }

    func holdsAdministratorAccess(_ principal: Principal, _ snapshot: StoreSnapshot) -> Bool {
        switch principal.kind {
        case .root:
            return true
        case .user:
            guard let user = snapshot.get(User.self, User.key(principal.account, principal.name)) else { return false }
            if user.policies.managedPolicyArns.contains(Self.administratorAccessArn) { return true }
            return user.groups.contains { name in
                snapshot.get(Group.self, Group.key(principal.account, name))?.policies.managedPolicyArns
                    .contains(Self.administratorAccessArn) ?? false
            }
        case .assumedRole, .federatedUser:
            guard let role = snapshot.get(Role.self, Role.key(principal.account, principal.name)) else { return false }
            return role.policies.managedPolicyArns.contains(Self.administratorAccessArn)
        }
    }
}
