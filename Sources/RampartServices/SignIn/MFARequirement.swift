import Foundation
import RampartCore
import RampartPolicy
import RampartStore

/// Who must have MFA to use the console: the root user always; IAM users when the account requires it of
/// console users; and, when the account requires it of privileged principals, any user whose policies
/// grant IAM administration — decided by the policy engine, not by a list of policy names.
struct MFARequirement {
    /// Actions any of which makes a principal privileged: each lets it grant itself or others anything.
    static let privilegedActions = [
        "iam:CreateUser", "iam:AttachUserPolicy", "iam:PutUserPolicy", "iam:CreateAccessKey",
    ]

    let snapshot: StoreSnapshot
    let authorizer: any Authorizer

    func mustHaveMFA(account: AccountID, userName: String?, settings: MFASettings, now: Date) -> Bool {
        guard let userName else { return true }
        if settings.requireForConsoleUsers { return true }
        guard settings.requireForPrivileged, let user = snapshot.get(User.self, User.key(account, userName)) else {
            return false
        }
        return isPrivileged(user, now: now)
    }

    /// Whether the user's policies allow any privileged action on every resource, as a session with MFA
    /// would see them (so that a policy demanding MFA does not hide the privilege it grants).
    func isPrivileged(_ user: User, now: Date) -> Bool {
        var session = TemporarySession(
            source: .console, accessKeyId: "ASIAPRIVILEGECHECK", secretAccessKey: "", account: user.account,
            kind: .user,
            name: user.name, path: user.path, principalId: user.id, roleSessionName: nil, issuedAt: now,
            expiresAt: now.addingTimeInterval(60))
        session.mfaAuthenticatedAt = now
        let principal = session.principal(in: snapshot.partition(of: user.account))
        var context = ConditionContext()
        for (key, value) in RequestContext(principal: principal, now: now, sourceIp: "127.0.0.1").values {
            context.set(key, .string(value))
        }
        return Self.privilegedActions.contains { action in
            authorizer.authorize(
                AuthorizationRequest(principal: principal, action: action, resource: "*", context: context),
                in: snapshot)
                == .allow
        }
    }
}
