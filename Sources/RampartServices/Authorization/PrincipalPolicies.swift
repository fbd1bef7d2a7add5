import RampartCore
import RampartPolicy
import RampartStore

/// The policies that apply to a principal, gathered from the store: identity policies (the
/// user's and its groups', or the role's), the permissions boundary, and a role session's
/// session policies. The user or role is the one with the principal's unique id: a principal whose
/// entity is gone has no policies, and never those of a later entity with its name.
struct PrincipalPolicies {
    let snapshot: StoreSnapshot
    let cache: CompiledPolicyCache
    /// Where standing policies are kept between requests; nil gathers them every time.
    var standingCache: GenerationCache<PolicySet>?

    func policySet(for principal: Principal) -> PolicySet {
        var set = standingPolicies(for: principal)
        if let session = principal.session,
            principal.kind == .federatedUser || session.sessionPolicy != nil || !session.sessionPolicyArns.isEmpty
        {
            // A federated user without session policies gets [] here: AWS gives it no permissions.
            var policies = session.sessionPolicyArns.compactMap { managedPolicy($0, in: principal.partition) }
            if let inline = session.sessionPolicy,
                let compiled = cache.policy(inline, id: "session-policy", kind: .identity)
            {
                policies.append(compiled)
            }
            set.session = policies
        }
        return set
    }

    /// The identity policies and permissions boundary: everything but a session's own policies.
    private func standingPolicies(for principal: Principal) -> PolicySet {
        guard let standingCache, principal.kind != .root else { return gatherStanding(for: principal) }
        // The unique id is part of the key: a principal deleted and recreated under its name is
        // another principal with other policies.
        let key =
            principal.kind.rawValue + "|" + principal.account.rawValue + "|" + principal.name + "|"
            + principal.uniqueId
        return standingCache.value(for: key, generation: snapshot.generation) {
            gatherStanding(for: principal)
        }
    }

    private func gatherStanding(for principal: Principal) -> PolicySet {
        var set = PolicySet()
        let account = principal.account
        switch principal.kind {
        case .root:
            break
        case .federatedUser where principal.isFederatedByRoot:
            // Root's own permissions are everything in its account; its session policies narrow them.
            if let all = cache.policy(Self.everything, id: "root", kind: .identity) { set.identity = [all] }
        case .user, .federatedUser:
            guard let user = snapshot.user(of: principal) ?? snapshot.federatingUser(of: principal) else { return set }
            set.identity = attached(user.policies, owner: "user/\(user.name)", in: principal.partition)
            for name in user.groups {
                guard let group = snapshot.get(Group.self, Group.key(account, name)) else { continue }
                set.identity += attached(group.policies, owner: "group/\(group.name)", in: principal.partition)
            }
            set.permissionsBoundary = boundary(user.permissionsBoundaryArn, in: principal.partition)
            if snapshot.get(Account.self, account.rawValue)?.passwordPolicy?.allowUsersToChangePassword == true,
                let grant = cache.policy(Self.changeOwnPassword, id: "AllowUsersToChangePassword", kind: .identity)
            {
                set.identity.append(grant)
            }
        case .assumedRole:
            guard let role = snapshot.role(of: principal) else { return set }
            set.identity = attached(role.policies, owner: "role/\(role.name)", in: principal.partition)
            set.permissionsBoundary = boundary(role.permissionsBoundaryArn, in: principal.partition)
        }
        return set
    }

    /// What root may do in its own account, as a policy: where root's session must be evaluated
    /// with its session policies (a federated user root issued), this stands for root's identity.
    static let everything = """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}
        """

    /// What the account password policy's `AllowUsersToChangePassword` grants every IAM user,
    /// with no policy of their own: changing their own password (IAM User Guide,
    /// id_credentials_passwords_account-policy). ChangePassword only ever acts on the caller,
    /// so the resource needs no narrowing.
    static let changeOwnPassword = """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
        "Action":["iam:ChangePassword","iam:GetAccountPasswordPolicy"],"Resource":"*"}]}
        """

    /// A role's trust policy, compiled as a resource policy; `partition` is the role's account's.
    func trustPolicy(of role: Role, in partition: Partition) -> CompiledPolicy? {
        cache.policy(role.assumeRolePolicyDocument, id: "\(role.arn(in: partition))/trust-policy", kind: .trust)
    }

    private func attached(_ attachments: PolicyAttachments, owner: String, in partition: Partition)
        -> [CompiledPolicy]
    {
        var policies = attachments.managedPolicyArns.compactMap { managedPolicy($0, in: partition) }
        for (name, document) in attachments.inlinePolicies.sorted(by: { $0.key < $1.key }) {
            if let compiled = cache.policy(document, id: "\(owner)/\(name)", kind: .identity) {
                policies.append(compiled)
            }
        }
        return policies
    }

    private func boundary(_ arn: String?, in partition: Partition) -> [CompiledPolicy]? {
        guard let arn else { return nil }
        // A boundary that no longer resolves allows nothing rather than everything.
        return [managedPolicy(arn, in: partition)].compactMap { $0 }
    }

    /// The managed policy an attachment names, in the principal's partition: an ARN of another partition
    /// names nothing here.
    private func managedPolicy(_ arn: String, in partition: Partition) -> CompiledPolicy? {
        guard let parsed = ARN(parsing: arn), parsed.partition == partition else { return nil }
        let name = String(parsed.resource.split(separator: "/").last ?? "")
        guard let policy = snapshot.get(ManagedPolicy.self, ManagedPolicy.key(account: parsed.account, name: name)),
            policy.arn(in: partition) == arn,
            let version = policy.versions.first(where: { $0.id == policy.defaultVersionId })
        else { return nil }
        return cache.policy(policy.document(of: version, in: partition), id: arn, kind: .identity)
    }
}
