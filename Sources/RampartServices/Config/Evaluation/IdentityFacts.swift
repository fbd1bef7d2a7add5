import Foundation
import RampartCore
import RampartPolicy
import RampartStore

/// What the managed rules judge: one account's identities, read once from a snapshot. Each rule is
/// a pure function of these facts, its parameters and the time, so a rule is tested by building
/// facts by hand.
public struct IdentityFacts: Sendable {
    public enum MFAKind: Sendable, Equatable {
        case virtual, hardwareTOTP, securityKey
    }

    public struct Credential: Sendable, Equatable {
        public var created: Date
        public var lastUsed: Date?
        public init(created: Date, lastUsed: Date?) {
            self.created = created
            self.lastUsed = lastUsed
        }
    }

    public struct UserFacts: Sendable {
        public var name: String
        public var id: String
        public var created: Date
        public var password: Credential?
        /// Active access keys only: an inactive key signs nothing, and the rules that count keys say "active".
        public var activeKeys: [Credential]
        public var mfa: [MFAKind]
        public var groups: [String]
        public var managedPolicyArns: [String]
        public var inlinePolicyCount: Int
        public var boundaryArn: String?

        public init(name: String, id: String, created: Date) {
            self.name = name
            self.id = id
            self.created = created
            self.activeKeys = []
            self.mfa = []
            self.groups = []
            self.managedPolicyArns = []
            self.inlinePolicyCount = 0
        }
    }

    public struct GroupFacts: Sendable {
        public var name: String
        public var id: String
        public var memberCount: Int
        public var managedPolicyArns: [String]
        public var inlinePolicyCount: Int
        public init(name: String, id: String, memberCount: Int, managedPolicyArns: [String], inlinePolicyCount: Int) {
            self.name = name
            self.id = id
            self.memberCount = memberCount
            self.managedPolicyArns = managedPolicyArns
            self.inlinePolicyCount = inlinePolicyCount
        }
    }

    public struct RoleFacts: Sendable {
        public var name: String
        public var id: String
        public var managedPolicyArns: [String]
        public var inlinePolicyCount: Int
        public var boundaryArn: String?
        public init(name: String, id: String, managedPolicyArns: [String], inlinePolicyCount: Int) {
            self.name = name
            self.id = id
            self.managedPolicyArns = managedPolicyArns
            self.inlinePolicyCount = inlinePolicyCount
        }
    }

    /// A customer managed policy (AWS managed ones are not the account's to judge).
    public struct PolicyFacts: Sendable {
        public var arn: String
        public var id: String
        /// The default version's statements; nil when the stored document does not parse.
        public var statements: [Statement]?
        public init(arn: String, id: String, statements: [Statement]?) {
            self.arn = arn
            self.id = id
            self.statements = statements
        }
    }

    public var account: AccountID
    /// A password or an access key: without either, nobody can act as root and the root rules do not apply.
    public var rootHasCredentials: Bool
    public var rootAccessKeyCount: Int
    public var rootMFA: [MFAKind]
    public var passwordPolicy: PasswordPolicy?
    public var users: [UserFacts]
    public var groups: [GroupFacts]
    public var roles: [RoleFacts]
    public var policies: [PolicyFacts]

    public init(account: AccountID) {
        self.account = account
        self.rootHasCredentials = false
        self.rootAccessKeyCount = 0
        self.rootMFA = []
        self.users = []
        self.groups = []
        self.roles = []
        self.policies = []
    }

    /// The ARNs used as permissions boundaries by a user or a role.
    public var boundaryArns: Set<String> {
        Set(users.compactMap(\.boundaryArn) + roles.compactMap(\.boundaryArn))
    }
}

extension IdentityFacts {
    /// Reads an account's identities from a snapshot (or a transaction's view of one).
    static func gather(_ account: Account, in reader: some EntityReader) -> IdentityFacts {
        let id = account.id
        let partition = account.effectivePartition
        var facts = IdentityFacts(account: id)
        let keys = reader.all(AccessKey.self, account: id.rawValue)
        let rootKeys = keys.filter { $0.userName == nil }
        facts.rootAccessKeyCount = rootKeys.count
        facts.rootHasCredentials = account.rootPassword != nil || !rootKeys.isEmpty
        facts.rootMFA = mfa(of: nil, account: id, in: reader)
        facts.passwordPolicy = account.passwordPolicy
        var members: [String: Int] = [:]
        for user in reader.all(User.self, account: id.rawValue) {
            var userFacts = UserFacts(name: user.name, id: user.id, created: user.createDate)
            if let profile = user.loginProfile {
                userFacts.password = Credential(created: profile.createDate, lastUsed: user.passwordLastUsed)
            }
            userFacts.activeKeys = keys.filter { $0.userName == user.name && $0.status == .active }.map {
                Credential(created: $0.createDate, lastUsed: $0.lastUsedDate)
            }
            userFacts.mfa = mfa(of: user.name, account: id, in: reader)
            userFacts.groups = user.groups
            userFacts.managedPolicyArns = user.policies.managedPolicyArns
            userFacts.inlinePolicyCount = user.policies.inlinePolicies.count
            userFacts.boundaryArn = user.permissionsBoundaryArn
            for group in user.groups { members[group.lowercased(), default: 0] += 1 }
            facts.users.append(userFacts)
        }
        facts.groups = reader.all(Group.self, account: id.rawValue).map {
            GroupFacts(
                name: $0.name, id: $0.id, memberCount: members[$0.name.lowercased()] ?? 0,
                managedPolicyArns: $0.policies.managedPolicyArns, inlinePolicyCount: $0.policies.inlinePolicies.count)
        }
        facts.roles = reader.all(Role.self, account: id.rawValue).map {
            var role = RoleFacts(
                name: $0.name, id: $0.id, managedPolicyArns: $0.policies.managedPolicyArns,
                inlinePolicyCount: $0.policies.inlinePolicies.count)
            role.boundaryArn = $0.permissionsBoundaryArn
            return role
        }
        facts.policies = reader.all(ManagedPolicy.self, account: id.rawValue).map { policy in
            let document = policy.defaultVersion.flatMap { try? PolicyDocument(json: $0.document, kind: .identity) }
            return PolicyFacts(arn: policy.arn(in: partition), id: policy.id, statements: document?.statements)
        }
        // Sorted so that results, and the pages that list them, come in a stable order.
        facts.users.sort { $0.name < $1.name }
        facts.groups.sort { $0.name < $1.name }
        facts.roles.sort { $0.name < $1.name }
        facts.policies.sort { $0.arn < $1.arn }
        return facts
    }

    private static func mfa(of userName: String?, account: AccountID, in reader: some EntityReader) -> [MFAKind] {
        reader.mfaDevices(account, assignedTo: userName).map { $0.kind == .hardware ? .hardwareTOTP : .virtual }
            + reader.webAuthnCredentials(account, ownedBy: userName).map { _ in .securityKey }
    }
}
