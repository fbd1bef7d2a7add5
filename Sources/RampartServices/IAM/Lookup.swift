import RampartCore
import RampartStore

/// Finding entities or failing with IAM's NoSuchEntity messages, for snapshots and
/// transactions alike.
protocol EntityReader {
    func get<R: Record>(_ type: R.Type, _ key: String) -> R?
    func all<R: Record>(_ type: R.Type, account: String) -> [R]
}

extension StoreSnapshot: EntityReader {}
extension StoreTransaction: EntityReader {}

extension EntityReader {
    func user(_ account: AccountID, _ name: String) throws(AWSError) -> User {
        guard let user = get(User.self, User.key(account, name)) else {
            throw AWSError.noSuchEntity("The user with name \(name) cannot be found.")
        }
        return user
    }

    func group(_ account: AccountID, _ name: String) throws(AWSError) -> Group {
        guard let group = get(Group.self, Group.key(account, name)) else {
            throw AWSError.noSuchEntity("The group with name \(name) cannot be found.")
        }
        return group
    }

    func role(_ account: AccountID, _ name: String) throws(AWSError) -> Role {
        guard let role = get(Role.self, Role.key(account, name)) else {
            throw AWSError.noSuchEntity("The role with name \(name) cannot be found.")
        }
        return role
    }

    /// The partition an account's ARNs are in; commercial for an account that does not exist.
    func partition(of id: AccountID) -> Partition {
        get(Account.self, id.rawValue)?.effectivePartition ?? .commercial
    }

    func account(_ id: AccountID) throws(AWSError) -> Account {
        guard let account = get(Account.self, id.rawValue) else {
            throw AWSError.serviceFailure("account \(id) is missing")
        }
        return account
    }

    /// A managed policy by ARN: the caller's own, or an AWS managed one, named in the caller's partition.
    func policy(_ arn: String, caller: Principal) throws(AWSError) -> ManagedPolicy {
        guard let parsed = ARN(parsing: arn), parsed.service == "iam", parsed.resource.hasPrefix("policy/") else {
            throw AWSError.invalidInput("ARN \(arn) is not valid.")
        }
        let name = String(parsed.resource.split(separator: "/").last ?? "")
        guard parsed.account == "aws" || parsed.account == caller.account.rawValue,
            let policy = get(ManagedPolicy.self, ManagedPolicy.key(account: parsed.account, name: name)),
            policy.arn(in: caller.partition) == arn
        else {
            throw AWSError.noSuchEntity("Policy \(arn) does not exist or is not attachable.")
        }
        return policy
    }

    /// A managed policy that may be attached or set as a permissions boundary: not a root-task policy,
    /// which only scopes AssumeRoot sessions.
    func attachablePolicy(_ arn: String, caller: Principal) throws(AWSError) -> ManagedPolicy {
        let policy = try policy(arn, caller: caller)
        guard policy.isAttachable else {
            throw AWSError.policyNotAttachable(
                "Policy \(arn) is a root-task policy: it scopes AssumeRoot sessions and cannot be attached.")
        }
        return policy
    }

    /// Users, groups and roles of an account that hold a managed policy, and as what.
    func holders(of arn: String, account: AccountID) -> (users: [User], groups: [Group], roles: [Role], boundaries: Int)
    {
        let users = all(User.self, account: account.rawValue)
        let roles = all(Role.self, account: account.rawValue)
        let boundaries =
            users.filter { $0.permissionsBoundaryArn == arn }.count
            + roles.filter { $0.permissionsBoundaryArn == arn }.count
        return (
            users.filter { $0.policies.managedPolicyArns.contains(arn) },
            all(Group.self, account: account.rawValue).filter { $0.policies.managedPolicyArns.contains(arn) },
            roles.filter { $0.policies.managedPolicyArns.contains(arn) },
            boundaries
        )
    }
}

extension StoreSnapshot {
    /// The accounts whose root user's email this is, compared without case: one, or a commercial
    /// account and its GovCloud twin (CreateGovCloudAccount gives both the same email).
    func accounts(withRootEmail email: String) -> [Account] {
        let wanted = email.lowercased()
        return allAccounts().filter { $0.rootEmail.lowercased() == wanted }
    }

    /// The account whose root user signs in with this email: of those with the email, the one in a
    /// partition that has root users.
    func rootUserAccount(email: String) -> Account? {
        accounts(withRootEmail: email).first { $0.effectivePartition.hasRootUsers }
    }
}
