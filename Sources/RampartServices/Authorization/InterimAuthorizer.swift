import RampartCore
import RampartStore

/// The rule until the policy engine lands: the root user and any principal holding
/// `AdministratorAccess` (directly, through a group, or through the role it assumed) may act;
/// everyone may ask who they are; everyone else is denied in AWS's words. Session policies
/// and permissions boundaries are stored but not yet evaluated.
public struct InterimAuthorizer: Authorizer {
    public static let administratorAccessArn = "arn:aws:iam::aws:policy/AdministratorAccess"

    public init() {}

    public func authorize(_ request: AuthorizationRequest, in snapshot: StoreSnapshot) -> AuthorizationDecision {
        let principal = request.principal
        guard SessionTokenRestrictions.permits(principal, action: request.action) else {
            return .deny(AccessDeniedMessage.sessionCannotCall(request))
        }
        if request.action.lowercased() == "sts:getcalleridentity" { return .allow }
        if principal.kind == .root { return .allow }
        return holdsAdministratorAccess(principal, snapshot) ? .allow : .deny(AccessDeniedMessage.noIdentityPolicy(request))
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
