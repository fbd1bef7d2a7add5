import RampartCore
import RampartStore

extension IAMService {
    /// An account has one alias; creating another replaces it, as AWS does. Aliases are unique
    /// across all accounts on the server.
    public func createAccountAlias(_ input: IAM.CreateAccountAliasRequest, _ call: CallContext) async throws {
        let account = call.principal.account
        try await store.write { tx in
            if let taken = tx.get(AccountAlias.self, input.accountAlias) {
                if taken.account == account { return }
                throw AWSError.entityAlreadyExists("The account alias \(input.accountAlias) already exists.")
            }
            for old in tx.all(AccountAlias.self, account: account.rawValue) {
                tx.delete(AccountAlias.self, old.alias)
            }
            tx.put(AccountAlias(alias: input.accountAlias, account: account))
        }
    }

    public func deleteAccountAlias(_ input: IAM.DeleteAccountAliasRequest, _ call: CallContext) async throws {
        try await store.write { tx in
            guard let alias = tx.get(AccountAlias.self, input.accountAlias), alias.account == call.principal.account
            else {
                throw AWSError.noSuchEntity("The account alias \(input.accountAlias) cannot be found.")
            }
            tx.delete(AccountAlias.self, alias.alias)
        }
    }

    public func listAccountAliases(_ input: IAM.ListAccountAliasesRequest, _ call: CallContext) async throws
        -> IAM.ListAccountAliasesResponse
    {
        let aliases = store.snapshot().all(AccountAlias.self, account: call.principal.account.rawValue).map(\.alias)
        let page = try Page(aliases, sortKey: { $0 }, marker: input.marker, maxItems: input.maxItems)
        return IAM.ListAccountAliasesResponse(
            accountAliases: page.items, isTruncated: page.isTruncated, marker: page.marker)
    }

    public func getAccountSummary(_ call: CallContext) async throws -> IAM.GetAccountSummaryResponse {
        let snapshot = store.snapshot()
        let id = call.principal.account
        let account = try snapshot.account(id)
        let users = snapshot.all(User.self, account: id.rawValue)
        let groups = snapshot.all(Group.self, account: id.rawValue)
        let roles = snapshot.all(Role.self, account: id.rawValue)
        let policies = snapshot.all(ManagedPolicy.self, account: id.rawValue)
        let keys = snapshot.all(AccessKey.self, account: id.rawValue)
        let devices = snapshot.all(MFADevice.self, account: id.rawValue)
        let securityKeys = snapshot.all(WebAuthnCredential.self, account: id.rawValue)
        let summary: [String: Int] = [
            "Users": users.count, "UsersQuota": Limits.usersPerAccount,
            "Groups": groups.count, "GroupsQuota": Limits.groupsPerAccount,
            "Roles": roles.count, "RolesQuota": Limits.rolesPerAccount,
            "Policies": policies.count, "PoliciesQuota": Limits.customerManagedPoliciesPerAccount,
            "PolicyVersionsInUse": policies.reduce(0) { $0 + $1.versions.count }
                + users.reduce(0) { $0 + $1.policies.managedPolicyArns.count }
                + groups.reduce(0) { $0 + $1.policies.managedPolicyArns.count }
                + roles.reduce(0) { $0 + $1.policies.managedPolicyArns.count },
            "PolicyVersionsInUseQuota": 10000,
            "VersionsPerPolicyQuota": Limits.policyVersions,
            "PolicySizeQuota": Limits.managedPolicySize,
            "UserPolicySizeQuota": Limits.userInlinePolicySize,
            "GroupPolicySizeQuota": Limits.groupInlinePolicySize,
            "RolePolicySizeQuota": Limits.roleInlinePolicySize,
            "AssumeRolePolicySizeQuota": Limits.assumeRolePolicySize,
            "GroupsPerUserQuota": Limits.groupsPerUser,
            "AttachedPoliciesPerUserQuota": Limits.managedPoliciesPerUser,
            "AttachedPoliciesPerGroupQuota": Limits.managedPoliciesPerGroup,
            "AttachedPoliciesPerRoleQuota": Limits.managedPoliciesPerRole,
            "AccessKeysPerUserQuota": Limits.accessKeysPerUser,
            "SigningCertificatesPerUserQuota": Limits.signingCertificatesPerUser,
            "ServerCertificates": snapshot.count(ServerCertificate.self, account: id.rawValue),
            "ServerCertificatesQuota": environment.serverCertificateLimit,
            "InstanceProfiles": snapshot.count(InstanceProfile.self, account: id.rawValue),
            "InstanceProfilesQuota": Limits.instanceProfilesPerAccount,
            "Providers": snapshot.count(OpenIDConnectProvider.self, account: id.rawValue)
                + snapshot.count(SAMLProvider.self, account: id.rawValue),
            // Passkeys and security keys are devices in use from the moment they are registered.
            "MFADevices": devices.count + securityKeys.count,
            "MFADevicesInUse": devices.filter { $0.assignment != nil }.count + securityKeys.count,
            "AccountMFAEnabled": devices.contains { $0.isAssigned(to: nil) }
                || securityKeys.contains { $0.userName == nil }
                ? 1 : 0,
            "AccountAccessKeysPresent": keys.contains { $0.userName == nil } ? 1 : 0,
            "AccountPasswordPresent": account.rootPassword == nil ? 0 : 1,
            "AccountSigningCertificatesPresent": snapshot.all(SigningCertificate.self, account: id.rawValue)
                .contains { $0.userId == nil } ? 1 : 0,
            "GlobalEndpointTokenVersion": (account.globalEndpointTokenVersion ?? .v1Token).summaryValue,
        ]
        return IAM.GetAccountSummaryResponse(summaryMap: summary)
    }

    public func getAccountAuthorizationDetails(
        _ input: IAM.GetAccountAuthorizationDetailsRequest, _ call: CallContext
    ) async throws -> IAM.GetAccountAuthorizationDetailsResponse {
        let snapshot = store.snapshot()
        let account = call.principal.account
        // An absent or empty filter means every entity type.
        let requested = input.filter ?? []
        let filter = Set(
            requested.isEmpty ? ["User", "Group", "Role", "LocalManagedPolicy", "AWSManagedPolicy"] : requested)
        enum Entry {
            case user(IAM.UserDetail), group(IAM.GroupDetail), role(IAM.RoleDetail), policy(IAM.ManagedPolicyDetail)
        }
        var entries = [(String, Entry)]()
        if filter.contains("User") {
            entries += snapshot.all(User.self, account: account.rawValue).map { user in
                (
                    "1/" + user.name.lowercased(),
                    .user(
                        IAM.UserDetail(
                            path: user.path, userName: user.name, userId: user.id,
                            arn: user.arn(in: call.principal.partition),
                            createDate: user.createDate, userPolicyList: inlineDetails(user.policies),
                            groupList: user.groups, attachedManagedPolicies: attachedDetails(user.policies),
                            permissionsBoundary: wireBoundary(user.permissionsBoundaryArn), tags: wireTags(user.tags)))
                )
            }
        }
        if filter.contains("Group") {
            entries += snapshot.all(Group.self, account: account.rawValue).map { group in
                (
                    "2/" + group.name.lowercased(),
                    .group(
                        IAM.GroupDetail(
                            path: group.path, groupName: group.name, groupId: group.id,
                            arn: group.arn(in: call.principal.partition),
                            createDate: group.createDate, groupPolicyList: inlineDetails(group.policies),
                            attachedManagedPolicies: attachedDetails(group.policies)))
                )
            }
        }
        if filter.contains("Role") {
            entries += snapshot.all(Role.self, account: account.rawValue).map { role in
                (
                    "3/" + role.name.lowercased(),
                    .role(
                        IAM.RoleDetail(
                            path: role.path, roleName: role.name, roleId: role.id,
                            arn: role.arn(in: call.principal.partition),
                            createDate: role.createDate, assumeRolePolicyDocument: role.assumeRolePolicyDocument,
                            instanceProfileList: snapshot.instanceProfiles(holding: role).map {
                                IAM.InstanceProfile(
                                    $0, roles: snapshot.roles(in: $0), in: call.principal.partition, tags: .never)
                            },
                            rolePolicyList: inlineDetails(role.policies),
                            attachedManagedPolicies: attachedDetails(role.policies),
                            permissionsBoundary: wireBoundary(role.permissionsBoundaryArn), tags: wireTags(role.tags),
                            roleLastUsed: IAM.RoleLastUsed(lastUsedDate: role.lastUsedDate, region: role.lastUsedRegion)
                        ))
                )
            }
        }
        var policies = [ManagedPolicy]()
        if filter.contains("LocalManagedPolicy") {
            policies += snapshot.all(ManagedPolicy.self, account: account.rawValue)
        }
        if filter.contains("AWSManagedPolicy") {
            // AWS lists only the AWS managed policies that are in use in the account.
            policies += snapshot.all(ManagedPolicy.self, account: "aws").filter { policy in
                let holders = snapshot.holders(of: policy.arn(in: call.principal.partition), account: account)
                return holders.users.count + holders.groups.count + holders.roles.count + holders.boundaries > 0
            }
        }
        entries += policies.map { policy in
            let arn = policy.arn(in: call.principal.partition)
            let holders = snapshot.holders(of: arn, account: account)
            return (
                "4/" + arn.lowercased(),
                .policy(
                    IAM.ManagedPolicyDetail(
                        policyName: policy.name, policyId: policy.id, arn: arn, path: policy.path,
                        defaultVersionId: policy.defaultVersionId,
                        attachmentCount: holders.users.count + holders.groups.count + holders.roles.count,
                        permissionsBoundaryUsageCount: holders.boundaries, isAttachable: policy.isAttachable,
                        description: policy.description, createDate: policy.createDate, updateDate: policy.updateDate,
                        policyVersionList: policy.versions.map {
                            IAM.PolicyVersion($0, of: policy, in: call.principal.partition)
                        }))
            )
        }
        let page = try Page(entries, sortKey: { $0.0 }, marker: input.marker, maxItems: input.maxItems)
        var response = IAM.GetAccountAuthorizationDetailsResponse(
            userDetailList: [], groupDetailList: [], roleDetailList: [], policies: [],
            isTruncated: page.isTruncated, marker: page.marker)
        for (_, entry) in page.items {
            switch entry {
            case .user(let detail): response.userDetailList?.append(detail)
            case .group(let detail): response.groupDetailList?.append(detail)
            case .role(let detail): response.roleDetailList?.append(detail)
            case .policy(let detail): response.policies?.append(detail)
            }
        }
        return response
    }

    private func inlineDetails(_ policies: PolicyAttachments) -> [IAM.PolicyDetail] {
        policies.inlinePolicies.sorted { $0.key < $1.key }.map {
            IAM.PolicyDetail(policyName: $0.key, policyDocument: $0.value)
        }
    }

    private func attachedDetails(_ policies: PolicyAttachments) -> [IAM.AttachedPolicy] {
        policies.managedPolicyArns.map(IAM.AttachedPolicy.init(arn:))
    }
}
