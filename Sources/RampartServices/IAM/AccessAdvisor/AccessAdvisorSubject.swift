import RampartCore
import RampartStore

/// The user, group, role or managed policy an access advisor call names, read from one snapshot: the
/// users and roles whose attempts count for it, and the permissions policies that say which services
/// it may use.
///
/// - user: the user; its inline and managed policies and those of its groups.
/// - group: its members; its own policies.
/// - role: the role (every session of it); its own policies.
/// - policy: every user and role it is attached to, directly or through a group; the policy itself.
struct AccessAdvisorSubject: Sendable {
    enum Kind: Sendable { case user, group, role, policy }

    /// A permissions policy as ListPoliciesGrantingServiceAccess names it (`PolicyGrantingServiceAccess`).
    struct Policy: Sendable {
        var name: String
        /// `INLINE` or `MANAGED`.
        var type: String
        var arn: String?
        /// For inline policies, what holds them: `USER`, `GROUP` or `ROLE`, and its name.
        var entityType: String?
        var entityName: String?
        var grant: PolicyGrant
    }

    typealias Entity = ServiceLastAccessedJob.EntityAccess

    let kind: Kind
    let arn: String
    let entities: [Entity]
    let policies: [Policy]

    init(arn: String, caller: Principal, snapshot: StoreSnapshot) throws(AWSError) {
        let account = caller.account
        let partition = caller.partition
        guard let parsed = ARN(parsing: arn), parsed.service == "iam",
            let slash = parsed.resource.firstIndex(of: "/")
        else { throw AWSError.invalidInput("ARN \(arn) is not valid.") }
        let type = parsed.resource[..<slash]
        let name = String(parsed.resource.split(separator: "/").last ?? "")
        let owned = parsed.account == account.rawValue
        var policies = Policies(snapshot: snapshot, caller: caller)
        self.arn = arn
        switch type {
        case "user" where owned:
            let user = try snapshot.user(account, name)
            try Self.check(user.arn(in: partition), is: arn, kind: "user", name: name)
            kind = .user
            entities = [Self.entity(user, partition)]
            policies.add(user.policies, holderType: "USER", holder: user.name)
            for group in Self.groups(of: user, snapshot: snapshot) {
                policies.add(group.policies, holderType: "GROUP", holder: group.name)
            }
        case "group" where owned:
            let group = try snapshot.group(account, name)
            try Self.check(group.arn(in: partition), is: arn, kind: "group", name: name)
            kind = .group
            entities = snapshot.all(User.self, account: account.rawValue)
                .filter { $0.groups.contains(group.name) }.map { Self.entity($0, partition) }
            policies.add(group.policies, holderType: "GROUP", holder: group.name)
        case "role" where owned:
            let role = try snapshot.role(account, name)
            try Self.check(role.arn(in: partition), is: arn, kind: "role", name: name)
            kind = .role
            entities = [Self.entity(role, partition)]
            policies.add(role.policies, holderType: "ROLE", holder: role.name)
        case "policy":
            let policy = try snapshot.policy(arn, caller: caller)
            kind = .policy
            let holders = snapshot.holders(of: policy.arn(in: partition), account: account)
            let groupNames = Set(holders.groups.map(\.name))
            let policyArn = policy.arn(in: partition)
            let users = snapshot.all(User.self, account: account.rawValue).filter { user in
                user.policies.managedPolicyArns.contains(policyArn) || user.groups.contains { groupNames.contains($0) }
            }
            entities = users.map { Self.entity($0, partition) } + holders.roles.map { Self.entity($0, partition) }
            policies.addManaged(policy.arn(in: partition))
        case "user", "group", "role":
            throw AWSError.noSuchEntity("The \(type) with name \(name) cannot be found.")
        default:
            throw AWSError.invalidInput("ARN \(arn) is not valid.")
        }
        self.policies = policies.list
    }

    /// Users, groups and roles are found by name; the ARN must also carry the entity's path.
    private static func check(_ found: String, is arn: String, kind: String, name: String) throws(AWSError) {
        guard found == arn else { throw AWSError.noSuchEntity("The \(kind) with name \(name) cannot be found.") }
    }

    private static func groups(of user: User, snapshot: StoreSnapshot) -> [Group] {
        user.groups.compactMap { snapshot.get(Group.self, Group.key(user.account, $0)) }
    }

    private static func entity(_ user: User, _ partition: Partition) -> Entity {
        Entity(
            arn: user.arn(in: partition), name: user.name, type: .user, id: user.id, path: user.path,
            lastAuthenticated: nil)
    }

    private static func entity(_ role: Role, _ partition: Partition) -> Entity {
        Entity(
            arn: role.arn(in: partition), name: role.name, type: .role, id: role.id, path: role.path,
            lastAuthenticated: nil)
    }

    /// Gathers policies in AWS's order of holders, each managed policy once.
    private struct Policies {
        let snapshot: StoreSnapshot
        let account: AccountID
        let caller: Principal
        var list: [Policy] = []
        var seen: Set<String> = []

        init(snapshot: StoreSnapshot, caller: Principal) {
            self.caller = caller
            self.snapshot = snapshot
            self.account = caller.account
        }

        mutating func add(_ attachments: PolicyAttachments, holderType: String, holder: String) {
            for (name, document) in attachments.inlinePolicies.sorted(by: { $0.key < $1.key }) {
                list.append(
                    Policy(
                        name: name, type: "INLINE", arn: nil, entityType: holderType, entityName: holder,
                        grant: PolicyGrant(json: document)))
            }
            for arn in attachments.managedPolicyArns { addManaged(arn) }
        }

        mutating func addManaged(_ arn: String) {
            guard seen.insert(arn).inserted, let policy = try? snapshot.policy(arn, caller: caller),
                let version = policy.defaultVersion
            else { return }
            list.append(
                Policy(
                    name: policy.name, type: "MANAGED", arn: policy.arn(in: caller.partition), entityType: nil,
                    entityName: nil,
                    grant: PolicyGrant(json: version.document)))
        }
    }
}
