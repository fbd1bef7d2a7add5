import RampartCore
import RampartPolicy
import RampartStore

/// The stored policies of the user, group or role that SimulatePrincipalPolicy and
/// GetContextKeysForPrincipalPolicy name: a user's own and its groups', a group's, or a role's, and the
/// permissions boundary of a user or role.
struct PrincipalSimulationPolicies {
    var identity: [SimulatedPolicy] = []
    var boundary: SimulatedPolicy?

    /// `partition` is the account's: the ARN must name the entity there.
    init(arn: String, account: AccountID, partition: Partition, snapshot: StoreSnapshot, exclusions: PolicyExclusions)
        throws(AWSError)
    {
        guard let parsed = ARN(parsing: arn), parsed.service == "iam", parsed.partition == partition,
            parsed.account == account.rawValue,
            let slash = parsed.resource.firstIndex(of: "/")
        else {
            throw AWSError.invalidInput("Invalid ARN: \(arn). PolicySourceArn must name a user, group or role.")
        }
        let type = String(parsed.resource[..<slash])
        let name = String(parsed.resource.split(separator: "/").last ?? "")
        var collector = Collector(snapshot: snapshot, partition: partition, exclusions: exclusions)
        switch type {
        case "user":
            let user = try snapshot.user(account, name)
            try collector.add(user.policies, holderType: "user", holder: user.name)
            for groupName in user.groups {
                guard let group = snapshot.get(Group.self, Group.key(account, groupName)) else { continue }
                try collector.add(group.policies, holderType: "group", holder: group.name)
            }
            boundary = try collector.boundary(user.permissionsBoundaryArn)
        case "group":
            let group = try snapshot.group(account, name)
            try collector.add(group.policies, holderType: "group", holder: group.name)
        case "role":
            let role = try snapshot.role(account, name)
            try collector.add(role.policies, holderType: "role", holder: role.name)
            boundary = try collector.boundary(role.permissionsBoundaryArn)
        default:
            throw AWSError.invalidInput("Invalid ARN: \(arn). PolicySourceArn must name a user, group or role.")
        }
        identity = collector.policies
    }

    private struct Collector {
        let snapshot: StoreSnapshot
        let partition: Partition
        let exclusions: PolicyExclusions
        var policies: [SimulatedPolicy] = []

        mutating func add(_ attachments: PolicyAttachments, holderType: String, holder: String) throws(AWSError) {
            for (name, document) in attachments.inlinePolicies.sorted(by: { $0.key < $1.key })
            where !exclusions.excludesInline(name: name, holderType: holderType, holder: holder) {
                policies.append(
                    try SimulatedPolicy(
                        json: document, sourceId: name, source: SimulatedPolicy.Source(rawValue: holderType) ?? .none,
                        kind: .identity))
            }
            for arn in attachments.managedPolicyArns where !exclusions.excludesManaged(arn: arn) {
                if let policy = try managed(arn) { policies.append(policy) }
            }
        }

        func boundary(_ arn: String?) throws(AWSError) -> SimulatedPolicy? {
            guard let arn, !exclusions.excludesManaged(arn: arn, asBoundary: true) else { return nil }
            return try managed(arn)
        }

        private func managed(_ arn: String) throws(AWSError) -> SimulatedPolicy? {
            guard let parsed = ARN(parsing: arn) else { return nil }
            let name = String(parsed.resource.split(separator: "/").last ?? "")
            guard let policy = snapshot.get(ManagedPolicy.self, ManagedPolicy.key(account: parsed.account, name: name)),
                let version = policy.versions.first(where: { $0.id == policy.defaultVersionId })
            else { return nil }
            return try SimulatedPolicy(
                json: policy.document(of: version, in: partition), sourceId: policy.name,
                source: parsed.account == "aws" ? .awsManaged : .userManaged, kind: .identity)
        }
    }
}
