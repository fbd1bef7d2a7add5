import Foundation
import RampartCore
import RampartStore

/// What CreateStandaloneAccount made: the account and, when asked for, its root user's access key.
public struct StandaloneAccount: Sendable {
    public var account: Account
    public var rootAccessKeyId: String?
    public var rootSecretAccessKey: String?
}

extension AdminService {
    /// Adds a standalone account to this server, as signing up for AWS does: its own IAM namespace and
    /// a root user with the given email and password (none: it signs in only after a reset). Only
    /// principals of the operator account (the one `rampart init` made) may, and only as their
    /// policies allow `rampart:CreateStandaloneAccount`.
    public func createStandaloneAccount(
        email: String, name: String?, rootPassword: String?, withRootAccessKey: Bool, _ call: CallContext
    ) async throws -> StandaloneAccount {
        let snapshot = environment.store.snapshot()
        guard Bootstrap.operatorAccount(snapshot)?.id == call.principal.account else {
            throw AWSError.accessDenied("Only principals of the operator account may create accounts.")
        }
        let trimmed = email.trimmingCharacters(in: .whitespaces)
        guard trimmed.count >= 6, trimmed.count <= 64, trimmed.contains("@"), !trimmed.contains(" ") else {
            throw AWSError.invalidInput("The email address \(email) is not valid.")
        }
        if let name, name.isEmpty || name.count > 50 {
            throw AWSError.invalidInput("An account name has 1 to 50 characters.")
        }
        let hash = try rootPassword.map { try environment.passwords.hash($0) }
        var key: (id: String, secret: String, sealed: [UInt8])?
        if withRootAccessKey {
            let id = AccessKeyMaterial.newId()
            let secret = AccessKeyMaterial.newSecret()
            let sealed = try environment.secrets.seal(
                Array(secret.utf8), boundTo: AccessKeyMaterial.sealingContext(id))
            key = (id, secret, sealed)
        }
        let now = call.now
        let account = try await environment.store.write { tx in
            let accounts = tx.snapshot.allAccounts()
            if !tx.snapshot.accounts(withRootEmail: trimmed).isEmpty {
                throw AWSError.entityAlreadyExists("An account with the email \(trimmed) already exists.")
            }
            let id = AccountID.unused(avoiding: Set(accounts.map(\.id)))
            var account = Account(id: id, createDate: now, rootEmail: trimmed, rootPassword: hash)
            account.name = name
            tx.put(account)
            if let key {
                tx.put(
                    AccessKey(
                        id: key.id, account: id, userName: nil, status: .active, sealedSecret: key.sealed,
                        createDate: now))
            }
            return account
        }
        return StandaloneAccount(account: account, rootAccessKeyId: key?.id, rootSecretAccessKey: key?.secret)
    }
}

extension AdminService {
    /// The global condition keys a request with the caller's credentials carries, with the
    /// organization's (`aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`) when its account is in one.
    public func requestContext(_ call: CallContext) -> [String: String] {
        var values = RequestContext(
            principal: call.principal, now: call.now, sourceIp: call.sourceIp, secureTransport: call.secureTransport
        ).values
        let snapshot = environment.store.snapshot()
        if let (organization, account) = OrganizationTree.organization(of: call.principal.account, in: snapshot),
            let membership = account.membership
        {
            values["aws:PrincipalOrgID"] = organization.id
            values["aws:PrincipalOrgPaths"] = OrganizationTree.path(
                of: organization, parentId: membership.parentId, in: snapshot)
        }
        return values
    }
}

extension AdminService {
    /// A root user's "Forgot password?": on AWS a link mailed to the root email sets a new password; here
    /// the operator, who stands for that mailbox, does (`rampart admin recover-root-password`). Refused for
    /// a root without a login profile: one whose credentials centralized root access removed (or never
    /// gave), until an `IAMCreateRootUserPassword` session allows recovery again.
    public func recoverRootPassword(email: String, newPassword: String, _ call: CallContext) async throws
        -> AccountID
    {
        guard Bootstrap.operatorAccount(environment.store.snapshot())?.id == call.principal.account else {
            throw AWSError.accessDenied("Only principals of the operator account may recover root passwords.")
        }
        let reasons = DefaultPasswordRules.violations(of: newPassword)
        guard reasons.isEmpty else {
            throw AWSError.passwordPolicyViolation(
                "The new password does not meet the root user's password rules: " + reasons.joined(separator: "; "))
        }
        let hash = try environment.passwords.hash(newPassword)
        let wanted = email.trimmingCharacters(in: .whitespaces).lowercased()
        return try await environment.store.write { tx in
            guard var account = tx.snapshot.rootUserAccount(email: wanted) else {
                throw AWSError.noSuchEntity("No account has the root email \(email).")
            }
            guard account.rootHasLoginProfile else {
                throw AWSError.accessDenied(
                    "Password recovery is turned off for the root user of account \(account.id.rawValue): it has no "
                        + "root credentials (centralized root access). Its organization can allow recovery with "
                        + "CreateLoginProfile in an IAMCreateRootUserPassword session.")
            }
            account.rootPassword = hash
            tx.put(account)
            return account.id
        }
    }
}
