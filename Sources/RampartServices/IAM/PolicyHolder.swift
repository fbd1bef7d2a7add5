import RampartCore
import RampartPolicy
import RampartStore

/// Users, groups and roles all hold managed and inline policies the same way; the
/// attach/detach/put/get/delete/list operations are written once over this protocol.
protocol PolicyHolder: Record {
    var policies: PolicyAttachments { get set }
    var name: String { get }
    static var attachedPolicyLimit: Int { get }
    static var inlinePolicySizeLimit: Int { get }
    static var quotaName: String { get }
    static func find(_ reader: some EntityReader, _ account: AccountID, _ name: String) throws(AWSError) -> Self
    /// Throws when IAM may not change the holder's policies (a service-linked role).
    func requireModifiable() throws(AWSError)
}

extension PolicyHolder {
    func requireModifiable() throws(AWSError) {}
}

extension User: PolicyHolder {
    static var attachedPolicyLimit: Int { Limits.managedPoliciesPerUser }
    static var inlinePolicySizeLimit: Int { Limits.userInlinePolicySize }
    static var quotaName: String { "PoliciesPerUser" }
    static func find(_ reader: some EntityReader, _ account: AccountID, _ name: String) throws(AWSError) -> User {
        try reader.user(account, name)
    }
}

extension Group: PolicyHolder {
    static var attachedPolicyLimit: Int { Limits.managedPoliciesPerGroup }
    static var inlinePolicySizeLimit: Int { Limits.groupInlinePolicySize }
    static var quotaName: String { "PoliciesPerGroup" }
    static func find(_ reader: some EntityReader, _ account: AccountID, _ name: String) throws(AWSError) -> Group {
        try reader.group(account, name)
    }
}

extension Role: PolicyHolder {
    static var attachedPolicyLimit: Int { Limits.managedPoliciesPerRole }
    static var inlinePolicySizeLimit: Int { Limits.roleInlinePolicySize }
    static var quotaName: String { "PoliciesPerRole" }
    static func find(_ reader: some EntityReader, _ account: AccountID, _ name: String) throws(AWSError) -> Role {
        try reader.role(account, name)
    }
}

extension IAMService {
    func attach<H: PolicyHolder>(_ type: H.Type, _ name: String, policyArn: String, _ call: CallContext) async throws {
        let account = call.principal.account
        try await store.write { tx in
            var holder = try H.find(tx, account, name)
            try holder.requireModifiable()
            let policy = try tx.attachablePolicy(policyArn, caller: call.principal)
            let arn = policy.arn(in: call.principal.partition)
            if holder.policies.managedPolicyArns.contains(arn) { return }
            guard holder.policies.managedPolicyArns.count < H.attachedPolicyLimit else {
                throw AWSError.limitExceeded("Cannot exceed quota for \(H.quotaName): \(H.attachedPolicyLimit)")
            }
            holder.policies.managedPolicyArns.append(arn)
            tx.put(holder)
        }
    }

    func detach<H: PolicyHolder>(_ type: H.Type, _ name: String, policyArn: String, _ call: CallContext) async throws {
        let account = call.principal.account
        try await store.write { tx in
            var holder = try H.find(tx, account, name)
            try holder.requireModifiable()
            guard let index = holder.policies.managedPolicyArns.firstIndex(of: policyArn) else {
                throw AWSError.noSuchEntity("Policy \(policyArn) was not found.")
            }
            holder.policies.managedPolicyArns.remove(at: index)
            tx.put(holder)
        }
    }

    func listAttached<H: PolicyHolder>(
        _ type: H.Type, _ name: String, pathPrefix: String?, marker: String?, maxItems: Int?, _ call: CallContext
    ) throws -> Page<IAM.AttachedPolicy> {
        let snapshot = store.snapshot()
        let holder = try H.find(snapshot, call.principal.account, name)
        let attached = holder.policies.managedPolicyArns.filter { arn in
            guard let prefix = pathPrefix, prefix != "/" else { return true }
            return (try? snapshot.policy(arn, caller: call.principal).path.hasPrefix(prefix)) ?? false
        }
        return try Page(
            attached.map(IAM.AttachedPolicy.init(arn:)), sortKey: { $0.policyName?.lowercased() ?? "" }, marker: marker,
            maxItems: maxItems, list: "ListAttached\(H.self)Policies")
    }

    func putInline<H: PolicyHolder>(
        _ type: H.Type, _ name: String, policyName: String, document: String, _ call: CallContext
    ) async throws {
        // A document past the limit alone fails the holder's total below, with the message naming the holder.
        try validatePolicy(
            document, grammar: PolicyGrammar(kind: .identity, partition: call.principal.partition.rawValue), quota: nil)
        try await store.write { tx in
            var holder = try H.find(tx, call.principal.account, name)
            try holder.requireModifiable()
            holder.policies.inlinePolicies[policyName] = document
            let total = holder.policies.inlinePolicies.values.reduce(0) { $0 + PolicyDocument.size(of: $1) }
            guard total <= H.inlinePolicySizeLimit else {
                throw AWSError.limitExceeded(
                    "Maximum policy size of \(H.inlinePolicySizeLimit) bytes exceeded for \(H.kind) \(holder.name)")
            }
            tx.put(holder)
        }
    }

    func inlineDocument<H: PolicyHolder>(_ type: H.Type, _ name: String, policyName: String, _ call: CallContext) throws
        -> (holder: H, document: String)
    {
        let holder = try H.find(store.snapshot(), call.principal.account, name)
        guard let document = holder.policies.inlinePolicies[policyName] else {
            throw AWSError.noSuchEntity("The \(H.kind) policy with name \(policyName) cannot be found.")
        }
        return (holder, document)
    }

    func deleteInline<H: PolicyHolder>(_ type: H.Type, _ name: String, policyName: String, _ call: CallContext)
        async throws
    {
        try await store.write { tx in
            var holder = try H.find(tx, call.principal.account, name)
            try holder.requireModifiable()
            guard holder.policies.inlinePolicies.removeValue(forKey: policyName) != nil else {
                throw AWSError.noSuchEntity("The \(H.kind) policy with name \(policyName) cannot be found.")
            }
            tx.put(holder)
        }
    }

    func listInline<H: PolicyHolder>(
        _ type: H.Type, _ name: String, marker: String?, maxItems: Int?, _ call: CallContext
    ) throws -> Page<String> {
        let holder = try H.find(store.snapshot(), call.principal.account, name)
        return try Page(
            Array(holder.policies.inlinePolicies.keys), sortKey: { $0 }, marker: marker, maxItems: maxItems,
            list: "List\(H.self)Policies")
    }
}
