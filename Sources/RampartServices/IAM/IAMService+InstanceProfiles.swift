import RampartCore
import RampartStore

extension IAMService {
    public func createInstanceProfile(_ input: IAM.CreateInstanceProfileRequest, _ call: CallContext) async throws
        -> IAM.CreateInstanceProfileResponse
    {
        let account = call.principal.account
        try validatePath(input.path)
        let tags = input.tags?.domain ?? []
        try validateTags([], adding: tags)
        let profile = try await store.write { tx in
            guard tx.get(InstanceProfile.self, InstanceProfile.key(account, input.instanceProfileName)) == nil else {
                throw AWSError.entityAlreadyExists("Instance Profile \(input.instanceProfileName) already exists.")
            }
            guard tx.count(InstanceProfile.self, account: account.rawValue) < Limits.instanceProfilesPerAccount else {
                throw AWSError.limitExceeded(
                    "Cannot exceed quota for InstanceProfilesPerAccount: \(Limits.instanceProfilesPerAccount)")
            }
            var profile = InstanceProfile(
                account: account, name: input.instanceProfileName, id: UniqueID.make(.instanceProfile),
                path: input.path ?? "/", createDate: call.now)
            profile.tags = tags
            tx.put(profile)
            return profile
        }
        return IAM.CreateInstanceProfileResponse(
            instanceProfile: IAM.InstanceProfile(profile, roles: [], in: call.principal.partition, tags: .whenAny))
    }

    public func getInstanceProfile(_ input: IAM.GetInstanceProfileRequest, _ call: CallContext) async throws
        -> IAM.GetInstanceProfileResponse
    {
        let snapshot = store.snapshot()
        let profile = try snapshot.instanceProfile(call.principal.account, input.instanceProfileName)
        return IAM.GetInstanceProfileResponse(
            instanceProfile: IAM.InstanceProfile(
                profile, roles: snapshot.roles(in: profile), in: call.principal.partition, tags: .always))
    }

    public func listInstanceProfiles(_ input: IAM.ListInstanceProfilesRequest, _ call: CallContext) async throws
        -> IAM.ListInstanceProfilesResponse
    {
        let snapshot = store.snapshot()
        let profiles = snapshot.all(InstanceProfile.self, account: call.principal.account.rawValue)
            .filter { $0.path.hasPathPrefix(input.pathPrefix) }
        let page = try snapshot.page(
            of: profiles, marker: input.marker, maxItems: input.maxItems, list: "ListInstanceProfiles", call)
        return IAM.ListInstanceProfilesResponse(
            instanceProfiles: page.items, isTruncated: page.isTruncated, marker: page.marker)
    }

    public func deleteInstanceProfile(_ input: IAM.DeleteInstanceProfileRequest, _ call: CallContext) async throws {
        try await store.write { tx in
            let profile = try tx.instanceProfile(call.principal.account, input.instanceProfileName)
            guard profile.roleNames.isEmpty else { throw AWSError.instanceProfileHoldsRoles }
            tx.delete(InstanceProfile.self, profile.recordKey)
        }
    }

    /// AWS lets a profile hold one role, and the caller must be allowed to pass that role
    /// (`iam:PassRole`), as for any service that will act as the role.
    public func addRoleToInstanceProfile(_ input: IAM.AddRoleToInstanceProfileRequest, _ call: CallContext)
        async throws
    {
        let account = call.principal.account
        let snapshot = store.snapshot()
        _ = try snapshot.instanceProfile(account, input.instanceProfileName)
        let role = try snapshot.role(account, input.roleName)
        let passRole = AuthorizationRequest(
            principal: call.principal, action: "iam:PassRole", resource: role.arn(in: call.principal.partition),
            context: call.conditions)
        if case .deny(let error) = environment.authorizer.authorize(passRole, in: snapshot) { throw error }
        try await store.write { tx in
            var profile = try tx.instanceProfile(account, input.instanceProfileName)
            let role = try tx.role(account, input.roleName)
            try role.requireModifiable()
            guard profile.roleNames.count < Limits.rolesPerInstanceProfile else {
                throw AWSError.limitExceeded(
                    "Cannot exceed quota for InstanceSessionsPerInstanceProfile: \(Limits.rolesPerInstanceProfile)")
            }
            profile.roleNames.append(role.name)
            tx.put(profile)
        }
    }

    public func removeRoleFromInstanceProfile(
        _ input: IAM.RemoveRoleFromInstanceProfileRequest, _ call: CallContext
    ) async throws {
        let account = call.principal.account
        try await store.write { tx in
            var profile = try tx.instanceProfile(account, input.instanceProfileName)
            let role = try tx.role(account, input.roleName)
            try role.requireModifiable()
            guard profile.contains(role: role.name) else {
                throw AWSError.noSuchEntity(
                    "Role \(input.roleName) in Instance Profile \(profile.name) cannot be found.")
            }
            profile.roleNames.removeAll { $0.lowercased() == role.name.lowercased() }
            tx.put(profile)
        }
    }

    public func listInstanceProfilesForRole(_ input: IAM.ListInstanceProfilesForRoleRequest, _ call: CallContext)
        async throws -> IAM.ListInstanceProfilesForRoleResponse
    {
        let snapshot = store.snapshot()
        let role = try snapshot.role(call.principal.account, input.roleName)
        let profiles = snapshot.instanceProfiles(holding: role)
        let page = try snapshot.page(
            of: profiles, marker: input.marker, maxItems: input.maxItems, list: "ListInstanceProfilesForRole", call)
        return IAM.ListInstanceProfilesForRoleResponse(
            instanceProfiles: page.items, isTruncated: page.isTruncated, marker: page.marker)
    }

    public func tagInstanceProfile(_ input: IAM.TagInstanceProfileRequest, _ call: CallContext) async throws {
        try await store.write { tx in
            var profile = try tx.instanceProfile(call.principal.account, input.instanceProfileName)
            try validateTags(profile.tags, adding: input.tags.domain)
            profile.tags = profile.tags.merging(input.tags.domain)
            tx.put(profile)
        }
    }

    public func untagInstanceProfile(_ input: IAM.UntagInstanceProfileRequest, _ call: CallContext) async throws {
        try await store.write { tx in
            var profile = try tx.instanceProfile(call.principal.account, input.instanceProfileName)
            profile.tags = profile.tags.removing(keys: input.tagKeys)
            tx.put(profile)
        }
    }

    public func listInstanceProfileTags(_ input: IAM.ListInstanceProfileTagsRequest, _ call: CallContext)
        async throws -> IAM.ListInstanceProfileTagsResponse
    {
        let profile = try store.snapshot().instanceProfile(call.principal.account, input.instanceProfileName)
        let page = try Page(profile.tags, sortKey: { $0.key }, marker: input.marker, maxItems: input.maxItems)
        return IAM.ListInstanceProfileTagsResponse(
            tags: page.items.map(IAM.Tag.init), isTruncated: page.isTruncated, marker: page.marker)
    }
}

extension AWSError {
    /// DeleteInstanceProfile and DeleteRole refuse while a role sits in a profile; AWS words both alike.
    static var instanceProfileHoldsRoles: AWSError {
        .deleteConflict("Cannot delete entity, must remove roles from instance profile first.")
    }
}

extension EntityReader {
    func instanceProfile(_ account: AccountID, _ name: String) throws(AWSError) -> InstanceProfile {
        guard let profile = get(InstanceProfile.self, InstanceProfile.key(account, name)) else {
            throw AWSError.noSuchEntity("Instance Profile \(name) cannot be found.")
        }
        return profile
    }

    /// The roles a profile holds. A role in a profile cannot be deleted, so every name resolves.
    func roles(in profile: InstanceProfile) -> [Role] {
        profile.roleNames.compactMap { get(Role.self, Role.key(profile.account, $0)) }
    }

    /// A page of profiles by name, as both lists answer them: with their roles, without tags.
    func page(
        of profiles: [InstanceProfile], marker: String?, maxItems: Int?, list: String, _ call: CallContext
    ) throws(AWSError) -> (items: [IAM.InstanceProfile], isTruncated: Bool, marker: String?) {
        let page = try Page(
            profiles, sortKey: { $0.name.lowercased() }, marker: marker, maxItems: maxItems, list: list)
        let items = page.items.map {
            IAM.InstanceProfile($0, roles: roles(in: $0), in: call.principal.partition, tags: .never)
        }
        return (items, page.isTruncated, page.marker)
    }

    func instanceProfiles(holding role: Role) -> [InstanceProfile] {
        all(InstanceProfile.self, account: role.account.rawValue).filter { $0.contains(role: role.name) }
    }
}

extension IAM.InstanceProfile {
    /// Whether the shape carries `Tags`: GetInstanceProfile always does (an empty list too),
    /// CreateInstanceProfile only when tags were given, the lists never.
    enum TagPresence { case always, whenAny, never }

    init(_ profile: InstanceProfile, roles: [Role], in partition: Partition, tags: TagPresence) {
        let wire: [IAM.Tag]? =
            switch tags {
            case .always: profile.tags.map(IAM.Tag.init)
            case .whenAny: wireTags(profile.tags)
            case .never: nil
            }
        self.init(
            path: profile.path, instanceProfileName: profile.name, instanceProfileId: profile.id,
            arn: profile.arn(in: partition), createDate: profile.createDate,
            roles: roles.map { IAM.Role(inInstanceProfile: $0, in: partition) }, tags: wire)
    }
}

extension IAM.Role {
    /// A role as an instance profile lists it: AWS leaves out description, session duration,
    /// boundary, tags and last use.
    init(inInstanceProfile role: Role, in partition: Partition) {
        self.init(
            path: role.path, roleName: role.name, roleId: role.id, arn: role.arn(in: partition),
            createDate: role.createDate, assumeRolePolicyDocument: role.assumeRolePolicyDocument)
    }
}
