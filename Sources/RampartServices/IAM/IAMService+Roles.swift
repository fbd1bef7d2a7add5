import RampartCore
import RampartPolicy
import RampartStore

extension IAMService {
    public func createRole(_ input: IAM.CreateRoleRequest, _ call: CallContext) async throws -> IAM.CreateRoleResponse {
        let account = call.principal.account
        try validatePath(input.path)
        try validateTrustPolicy(input.assumeRolePolicyDocument, call.principal.partition)
        let duration = input.maxSessionDuration ?? Limits.roleMaxSessionDuration.lowerBound
        try validateMaxSessionDuration(duration)
        let tags = input.tags?.domain ?? []
        try validateTags([], adding: tags)
        let role = try await store.write { tx in
            if let boundary = input.permissionsBoundary { _ = try tx.policy(boundary, caller: call.principal) }
            try validateTrustPrincipals(input.assumeRolePolicyDocument, tx, call.principal)
            guard tx.get(Role.self, Role.key(account, input.roleName)) == nil else {
                throw AWSError.entityAlreadyExists("Role with name \(input.roleName) already exists.")
            }
            guard tx.count(Role.self, account: account.rawValue) < Limits.rolesPerAccount else {
                throw AWSError.limitExceeded("Cannot exceed quota for RolesPerAccount: \(Limits.rolesPerAccount)")
            }
            var role = Role(
                account: account, name: input.roleName, id: UniqueID.make(.role), path: input.path ?? "/",
                createDate: call.now, assumeRolePolicyDocument: input.assumeRolePolicyDocument,
                maxSessionDuration: duration)
            role.description = input.description
            role.tags = tags
            role.permissionsBoundaryArn = input.permissionsBoundary
            tx.put(role)
            return role
        }
        return IAM.CreateRoleResponse(role: IAM.Role(role, in: call.principal.partition))
    }

    public func getRole(_ input: IAM.GetRoleRequest, _ call: CallContext) async throws -> IAM.GetRoleResponse {
        IAM.GetRoleResponse(
            role: IAM.Role(
                try store.snapshot().role(call.principal.account, input.roleName), in: call.principal.partition))
    }

    public func listRoles(_ input: IAM.ListRolesRequest, _ call: CallContext) async throws -> IAM.ListRolesResponse {
        let roles = store.snapshot().all(Role.self, account: call.principal.account.rawValue)
            .filter { $0.path.hasPathPrefix(input.pathPrefix) }
        let page = try Page(roles, sortKey: { $0.name.lowercased() }, marker: input.marker, maxItems: input.maxItems)
        return IAM.ListRolesResponse(
            roles: page.items.map { IAM.Role($0, in: call.principal.partition, detailed: false) },
            isTruncated: page.isTruncated, marker: page.marker)
    }

    public func updateRole(_ input: IAM.UpdateRoleRequest, _ call: CallContext) async throws -> IAM.UpdateRoleResponse {
        if let duration = input.maxSessionDuration { try validateMaxSessionDuration(duration) }
        try await store.write { tx in
            var role = try tx.role(call.principal.account, input.roleName)
            // A service-linked role's description may be edited; nothing else of it.
            if input.maxSessionDuration != nil { try role.requireModifiable() }
            if let description = input.description { role.description = description }
            if let duration = input.maxSessionDuration { role.maxSessionDuration = duration }
            tx.put(role)
        }
        return IAM.UpdateRoleResponse()
    }

    public func updateRoleDescription(_ input: IAM.UpdateRoleDescriptionRequest, _ call: CallContext) async throws
        -> IAM.UpdateRoleDescriptionResponse
    {
        let role = try await store.write { tx in
            var role = try tx.role(call.principal.account, input.roleName)
            role.description = input.description
            tx.put(role)
            return role
        }
        return IAM.UpdateRoleDescriptionResponse(role: IAM.Role(role, in: call.principal.partition))
    }

    public func updateAssumeRolePolicy(_ input: IAM.UpdateAssumeRolePolicyRequest, _ call: CallContext) async throws {
        try validateTrustPolicy(input.policyDocument, call.principal.partition)
        try await store.write { tx in
            var role = try tx.role(call.principal.account, input.roleName)
            try role.requireModifiable()
            try validateTrustPrincipals(input.policyDocument, tx, call.principal)
            role.assumeRolePolicyDocument = input.policyDocument
            tx.put(role)
        }
    }

    public func deleteRole(_ input: IAM.DeleteRoleRequest, _ call: CallContext) async throws {
        try await store.write { tx in
            let role = try tx.role(call.principal.account, input.roleName)
            try role.requireModifiable()
            if !role.policies.inlinePolicies.isEmpty {
                throw AWSError.deleteConflict("Cannot delete entity, must delete policies first.")
            }
            if !role.policies.managedPolicyArns.isEmpty {
                throw AWSError.deleteConflict("Cannot delete entity, must detach all policies first.")
            }
            if !tx.instanceProfiles(holding: role).isEmpty { throw AWSError.instanceProfileHoldsRoles }
            tx.delete(Role.self, role.recordKey)
        }
    }

    public func tagRole(_ input: IAM.TagRoleRequest, _ call: CallContext) async throws {
        try await store.write { tx in
            var role = try tx.role(call.principal.account, input.roleName)
            try validateTags(role.tags, adding: input.tags.domain)
            role.tags = role.tags.merging(input.tags.domain)
            tx.put(role)
        }
    }

    public func untagRole(_ input: IAM.UntagRoleRequest, _ call: CallContext) async throws {
        try await store.write { tx in
            var role = try tx.role(call.principal.account, input.roleName)
            role.tags = role.tags.removing(keys: input.tagKeys)
            tx.put(role)
        }
    }

    public func listRoleTags(_ input: IAM.ListRoleTagsRequest, _ call: CallContext) async throws
        -> IAM.ListRoleTagsResponse
    {
        let role = try store.snapshot().role(call.principal.account, input.roleName)
        let page = try Page(role.tags, sortKey: { $0.key }, marker: input.marker, maxItems: input.maxItems)
        return IAM.ListRoleTagsResponse(
            tags: page.items.map(IAM.Tag.init), isTruncated: page.isTruncated, marker: page.marker)
    }

    func validateMaxSessionDuration(_ duration: Int) throws(AWSError) {
        guard Limits.roleMaxSessionDuration.contains(duration) else {
            throw AWSError.validation(
                "1 validation error detected: Value '\(duration)' at 'maxSessionDuration' failed to satisfy constraint: "
                    + (duration < Limits.roleMaxSessionDuration.lowerBound
                        ? "Member must have value greater than or equal to 3600"
                        : "Member must have value less than or equal to 43200"))
        }
    }

    /// IAM refuses a trust policy that names a user or role of this account that does not
    /// exist (it resolves principals to unique ids when the policy is saved). An ARN of another partition
    /// names nobody here and is left alone.
    func validateTrustPrincipals(_ json: String, _ tx: StoreTransaction, _ caller: Principal) throws(AWSError) {
        let account = caller.account
        guard let document = try? PolicyDocument(json: json, kind: .trust) else { return }
        for statement in document.statements {
            for arn in (statement.principals?["AWS"] ?? []) + (statement.notPrincipals?["AWS"] ?? []) {
                guard let parsed = ARN(parsing: arn), parsed.service == "iam", parsed.partition == caller.partition,
                    parsed.account == account.rawValue
                else { continue }
                let name = String(parsed.resource.split(separator: "/").last ?? "")
                let exists: Bool
                if parsed.resource.hasPrefix("user/") {
                    exists =
                        tx.get(User.self, User.key(account, name)).map { $0.arn(in: caller.partition) == arn } ?? false
                } else if parsed.resource.hasPrefix("role/") {
                    exists =
                        tx.get(Role.self, Role.key(account, name)).map { $0.arn(in: caller.partition) == arn } ?? false
                } else {
                    continue
                }
                if !exists {
                    throw AWSError.malformedPolicyDocument("Invalid principal in policy: \"AWS\":\"\(arn)\"")
                }
            }
        }
    }
}
