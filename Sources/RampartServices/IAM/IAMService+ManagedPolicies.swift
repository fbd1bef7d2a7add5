import RampartCore
import RampartPolicy
import RampartStore

extension IAMService {
    public func createPolicy(_ input: IAM.CreatePolicyRequest, _ call: CallContext) async throws
        -> IAM.CreatePolicyResponse
    {
        let account = call.principal.account
        try validatePath(input.path)
        try validateManagedPolicy(input.policyDocument, call.principal.partition)
        let tags = input.tags?.domain ?? []
        try validateTags([], adding: tags)
        let policy = try await store.write { tx in
            guard
                tx.get(ManagedPolicy.self, ManagedPolicy.key(account: account.rawValue, name: input.policyName)) == nil
            else {
                throw AWSError.entityAlreadyExists(
                    "A policy called \(input.policyName) already exists. Duplicate names are not allowed.")
            }
            guard tx.count(ManagedPolicy.self, account: account.rawValue) < Limits.customerManagedPoliciesPerAccount
            else {
                throw AWSError.limitExceeded(
                    "Cannot exceed quota for PoliciesPerAccount: \(Limits.customerManagedPoliciesPerAccount)")
            }
            var policy = ManagedPolicy(
                account: account, name: input.policyName, id: UniqueID.make(.policy), path: input.path ?? "/",
                description: input.description, createDate: call.now, document: input.policyDocument)
            policy.tags = tags
            tx.put(policy)
            return policy
        }
        return IAM.CreatePolicyResponse(
            policy: IAM.Policy(
                policy, in: call.principal.partition, attachmentCount: 0, boundaryCount: 0, includeTags: true))
    }

    public func getPolicy(_ input: IAM.GetPolicyRequest, _ call: CallContext) async throws -> IAM.GetPolicyResponse {
        let snapshot = store.snapshot()
        let policy = try snapshot.policy(input.policyArn, caller: call.principal)
        return IAM.GetPolicyResponse(policy: wirePolicy(policy, snapshot, call, includeTags: true))
    }

    public func listPolicies(_ input: IAM.ListPoliciesRequest, _ call: CallContext) async throws
        -> IAM.ListPoliciesResponse
    {
        let snapshot = store.snapshot()
        let account = call.principal.account
        let scope = input.scope ?? "All"
        var policies = [ManagedPolicy]()
        if scope != "Local" { policies += snapshot.all(ManagedPolicy.self, account: "aws") }
        if scope != "AWS" { policies += snapshot.all(ManagedPolicy.self, account: account.rawValue) }
        var listed = policies.filter { $0.path.hasPathPrefix(input.pathPrefix) }.map { policy in
            (policy, snapshot.holders(of: policy.arn(in: call.principal.partition), account: account))
        }
        if input.onlyAttached == true {
            listed = listed.filter { _, holders in
                holders.users.count + holders.groups.count + holders.roles.count + holders.boundaries > 0
            }
        }
        if input.policyUsageFilter == "PermissionsBoundary" {
            listed = listed.filter { $0.1.boundaries > 0 }
        } else if input.policyUsageFilter == "PermissionsPolicy" {
            listed = listed.filter { $0.1.users.count + $0.1.groups.count + $0.1.roles.count > 0 }
        }
        let page = try Page(listed, sortKey: { $0.0.name.lowercased() }, marker: input.marker, maxItems: input.maxItems)
        return IAM.ListPoliciesResponse(
            policies: page.items.map { policy, holders in
                IAM.Policy(
                    policy, in: call.principal.partition,
                    attachmentCount: holders.users.count + holders.groups.count + holders.roles.count,
                    boundaryCount: holders.boundaries, includeTags: false)
            },
            isTruncated: page.isTruncated, marker: page.marker)
    }

    public func deletePolicy(_ input: IAM.DeletePolicyRequest, _ call: CallContext) async throws {
        let account = call.principal.account
        try await store.write { tx in
            let policy = try customerPolicy(input.policyArn, tx, call.principal)
            let holders = tx.holders(of: policy.arn(in: call.principal.partition), account: account)
            if holders.users.count + holders.groups.count + holders.roles.count + holders.boundaries > 0 {
                throw AWSError.deleteConflict("Cannot delete a policy attached to entities.")
            }
            if policy.versions.count > 1 {
                throw AWSError.deleteConflict("Cannot delete a policy with versions other than the default version.")
            }
            tx.delete(ManagedPolicy.self, policy.recordKey)
        }
    }

    public func createPolicyVersion(_ input: IAM.CreatePolicyVersionRequest, _ call: CallContext) async throws
        -> IAM.CreatePolicyVersionResponse
    {
        try validateManagedPolicy(input.policyDocument, call.principal.partition)
        let (policy, version) = try await store.write { tx in
            var policy = try customerPolicy(input.policyArn, tx, call.principal)
            guard policy.versions.count < Limits.policyVersions else {
                throw AWSError.limitExceeded(
                    "A managed policy can have up to \(Limits.policyVersions) versions. "
                        + "Before you create a new version, you must delete an existing version.")
            }
            let version = ManagedPolicy.Version(
                id: "v\(policy.nextVersionNumber)", document: input.policyDocument, createDate: call.now)
            policy.versions.append(version)
            policy.nextVersionNumber += 1
            if input.setAsDefault == true {
                policy.defaultVersionId = version.id
                policy.updateDate = call.now
            }
            tx.put(policy)
            return (policy, version)
        }
        return IAM.CreatePolicyVersionResponse(
            policyVersion: IAM.PolicyVersion(version, of: policy, in: call.principal.partition, includeDocument: false))
    }

    public func getPolicyVersion(_ input: IAM.GetPolicyVersionRequest, _ call: CallContext) async throws
        -> IAM.GetPolicyVersionResponse
    {
        let policy = try store.snapshot().policy(input.policyArn, caller: call.principal)
        guard let version = policy.versions.first(where: { $0.id == input.versionId }) else {
            throw AWSError.noSuchEntity("Policy \(input.policyArn) version \(input.versionId) does not exist.")
        }
        return IAM.GetPolicyVersionResponse(
            policyVersion: IAM.PolicyVersion(version, of: policy, in: call.principal.partition))
    }

    public func listPolicyVersions(_ input: IAM.ListPolicyVersionsRequest, _ call: CallContext) async throws
        -> IAM.ListPolicyVersionsResponse
    {
        let policy = try store.snapshot().policy(input.policyArn, caller: call.principal)
        // Newest first, as IAM lists them: the sort key counts down, at a fixed width of nine digits.
        let page = try Page(
            policy.versions, sortKey: { String(1_000_000_000 - versionNumber($0.id)) },
            marker: input.marker, maxItems: input.maxItems)
        return IAM.ListPolicyVersionsResponse(
            versions: page.items.map {
                IAM.PolicyVersion($0, of: policy, in: call.principal.partition, includeDocument: false)
            },
            isTruncated: page.isTruncated, marker: page.marker)
    }

    public func deletePolicyVersion(_ input: IAM.DeletePolicyVersionRequest, _ call: CallContext) async throws {
        try await store.write { tx in
            var policy = try customerPolicy(input.policyArn, tx, call.principal)
            guard let index = policy.versions.firstIndex(where: { $0.id == input.versionId }) else {
                throw AWSError.noSuchEntity("Policy \(input.policyArn) version \(input.versionId) does not exist.")
            }
            guard input.versionId != policy.defaultVersionId else {
                throw AWSError.deleteConflict("Cannot delete the default version of a policy.")
            }
            policy.versions.remove(at: index)
            tx.put(policy)
        }
    }

    public func setDefaultPolicyVersion(_ input: IAM.SetDefaultPolicyVersionRequest, _ call: CallContext) async throws {
        try await store.write { tx in
            var policy = try customerPolicy(input.policyArn, tx, call.principal)
            guard policy.versions.contains(where: { $0.id == input.versionId }) else {
                throw AWSError.noSuchEntity("Policy \(input.policyArn) version \(input.versionId) does not exist.")
            }
            policy.defaultVersionId = input.versionId
            policy.updateDate = call.now
            tx.put(policy)
        }
    }

    public func tagPolicy(_ input: IAM.TagPolicyRequest, _ call: CallContext) async throws {
        try await store.write { tx in
            var policy = try customerPolicy(input.policyArn, tx, call.principal)
            try validateTags(policy.tags, adding: input.tags.domain)
            policy.tags = policy.tags.merging(input.tags.domain)
            tx.put(policy)
        }
    }

    public func untagPolicy(_ input: IAM.UntagPolicyRequest, _ call: CallContext) async throws {
        try await store.write { tx in
            var policy = try customerPolicy(input.policyArn, tx, call.principal)
            policy.tags = policy.tags.removing(keys: input.tagKeys)
            tx.put(policy)
        }
    }

    public func listPolicyTags(_ input: IAM.ListPolicyTagsRequest, _ call: CallContext) async throws
        -> IAM.ListPolicyTagsResponse
    {
        let policy = try store.snapshot().policy(input.policyArn, caller: call.principal)
        let page = try Page(policy.tags, sortKey: { $0.key }, marker: input.marker, maxItems: input.maxItems)
        return IAM.ListPolicyTagsResponse(
            tags: page.items.map(IAM.Tag.init), isTruncated: page.isTruncated, marker: page.marker)
    }

    public func listEntitiesForPolicy(_ input: IAM.ListEntitiesForPolicyRequest, _ call: CallContext) async throws
        -> IAM.ListEntitiesForPolicyResponse
    {
        let snapshot = store.snapshot()
        let account = call.principal.account
        let policy = try snapshot.policy(input.policyArn, caller: call.principal)
        let policyArn = policy.arn(in: call.principal.partition)
        let boundaryOnly = input.policyUsageFilter == "PermissionsBoundary"
        let users = snapshot.all(User.self, account: account.rawValue).filter { user in
            boundaryOnly
                ? user.permissionsBoundaryArn == policyArn : user.policies.managedPolicyArns.contains(policyArn)
        }
        let roles = snapshot.all(Role.self, account: account.rawValue).filter { role in
            boundaryOnly
                ? role.permissionsBoundaryArn == policyArn : role.policies.managedPolicyArns.contains(policyArn)
        }
        let groups =
            boundaryOnly
            ? []
            : snapshot.all(Group.self, account: account.rawValue).filter {
                $0.policies.managedPolicyArns.contains(policyArn)
            }
        let filter = input.entityFilter
        var entries = [(String, IAM.PolicyUser?, IAM.PolicyGroup?, IAM.PolicyRole?)]()
        if filter == nil || filter == "User" {
            entries += users.filter { $0.path.hasPathPrefix(input.pathPrefix) }.map {
                ("user/" + $0.name.lowercased(), IAM.PolicyUser(userName: $0.name, userId: $0.id), nil, nil)
            }
        }
        if filter == nil || filter == "Group" {
            entries += groups.filter { $0.path.hasPathPrefix(input.pathPrefix) }.map {
                ("group/" + $0.name.lowercased(), nil, IAM.PolicyGroup(groupName: $0.name, groupId: $0.id), nil)
            }
        }
        if filter == nil || filter == "Role" {
            entries += roles.filter { $0.path.hasPathPrefix(input.pathPrefix) }.map {
                ("role/" + $0.name.lowercased(), nil, nil, IAM.PolicyRole(roleName: $0.name, roleId: $0.id))
            }
        }
        let page = try Page(entries, sortKey: { $0.0 }, marker: input.marker, maxItems: input.maxItems)
        return IAM.ListEntitiesForPolicyResponse(
            policyGroups: page.items.compactMap(\.2), policyUsers: page.items.compactMap(\.1),
            policyRoles: page.items.compactMap(\.3), isTruncated: page.isTruncated, marker: page.marker)
    }

    /// Managed policies must use the current policy language version; inline ones may still
    /// use 2008-10-17.
    func validateManagedPolicy(_ json: String, _ partition: Partition) throws(AWSError) {
        let grammar = PolicyGrammar(kind: .identity, partition: partition.rawValue, requiresCurrentVersion: true)
        try validatePolicy(json, grammar: grammar, quota: .managed)
    }

    /// A customer managed policy of the caller's account; AWS managed ones cannot be changed.
    func customerPolicy(_ arn: String, _ tx: StoreTransaction, _ caller: Principal) throws(AWSError) -> ManagedPolicy {
        let policy = try tx.policy(arn, caller: caller)
        guard policy.account != nil else {
            throw AWSError.unmodifiableEntity("Policy \(arn) is an AWS managed policy and cannot be modified.")
        }
        return policy
    }

    func wirePolicy(_ policy: ManagedPolicy, _ snapshot: StoreSnapshot, _ call: CallContext, includeTags: Bool)
        -> IAM.Policy
    {
        let holders = snapshot.holders(of: policy.arn(in: call.principal.partition), account: call.principal.account)
        return IAM.Policy(
            policy, in: call.principal.partition,
            attachmentCount: holders.users.count + holders.groups.count + holders.roles.count,
            boundaryCount: holders.boundaries, includeTags: includeTags)
    }
}

func versionNumber(_ id: String) -> Int {
    Int(id.dropFirst().prefix { $0.isNumber }) ?? 0
}
