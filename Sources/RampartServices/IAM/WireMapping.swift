import RampartCore

// Domain entities → IAM wire shapes. Kept in one place so each response field is derived
// the same way by every operation that returns it.

extension IAM.Tag {
    init(_ tag: Tag) { self.init(key: tag.key, value: tag.value) }
}

extension Array where Element == IAM.Tag {
    var domain: [Tag] { map { Tag(key: $0.key, value: $0.value) } }
}

func wireTags(_ tags: [Tag]) -> [IAM.Tag]? {
    tags.isEmpty ? nil : tags.map(IAM.Tag.init)
}

func wireBoundary(_ arn: String?) -> IAM.AttachedPermissionsBoundary? {
    arn.map {
        IAM.AttachedPermissionsBoundary(
            permissionsBoundaryType: "PermissionsBoundaryPolicy", permissionsBoundaryArn: $0)
    }
}

extension IAM.User {
    /// The full shape, as GetUser returns it (ListUsers omits tags and boundary, as AWS does).
    init(_ user: User, in partition: Partition, detailed: Bool = true) {
        self.init(
            path: user.path, userName: user.name, userId: user.id, arn: user.arn(in: partition),
            createDate: user.createDate,
            passwordLastUsed: user.passwordLastUsed,
            permissionsBoundary: detailed ? wireBoundary(user.permissionsBoundaryArn) : nil,
            tags: detailed ? wireTags(user.tags) : nil)
    }
}

extension IAM.Group {
    init(_ group: Group, in partition: Partition) {
        self.init(
            path: group.path, groupName: group.name, groupId: group.id, arn: group.arn(in: partition),
            createDate: group.createDate)
    }
}

extension IAM.Role {
    init(_ role: Role, in partition: Partition, detailed: Bool = true) {
        self.init(
            path: role.path, roleName: role.name, roleId: role.id, arn: role.arn(in: partition),
            createDate: role.createDate,
            assumeRolePolicyDocument: role.assumeRolePolicyDocument, description: role.description,
            maxSessionDuration: role.maxSessionDuration,
            permissionsBoundary: detailed ? wireBoundary(role.permissionsBoundaryArn) : nil,
            tags: detailed ? wireTags(role.tags) : nil,
            roleLastUsed: detailed
                ? IAM.RoleLastUsed(lastUsedDate: role.lastUsedDate, region: role.lastUsedRegion) : nil,
            sourceRoleTemplate: detailed
                ? role.sourceRoleTemplate.map {
                    IAM.SourceRoleTemplate(templateArn: $0.templateArn, templateMinorVersion: $0.minorVersion)
                } : nil)
    }
}

extension IAM.Policy {
    init(_ policy: ManagedPolicy, in partition: Partition, attachmentCount: Int, boundaryCount: Int, includeTags: Bool)
    {
        self.init(
            policyName: policy.name, policyId: policy.id, arn: policy.arn(in: partition), path: policy.path,
            defaultVersionId: policy.defaultVersionId, attachmentCount: attachmentCount,
            permissionsBoundaryUsageCount: boundaryCount, isAttachable: policy.isAttachable,
            description: policy.description, createDate: policy.createDate, updateDate: policy.updateDate,
            tags: includeTags ? wireTags(policy.tags) : nil)
    }
}

extension IAM.PolicyVersion {
    /// An AWS managed policy's document is named in `partition` (`ManagedPolicy.document(of:in:)`).
    init(
        _ version: ManagedPolicy.Version, of policy: ManagedPolicy, in partition: Partition,
        includeDocument: Bool = true
    ) {
        self.init(
            document: includeDocument ? policy.document(of: version, in: partition) : nil, versionId: version.id,
            isDefaultVersion: version.id == policy.defaultVersionId, createDate: version.createDate)
    }
}

extension IAM.AttachedPolicy {
    init(arn: String) {
        self.init(policyName: String(arn.split(separator: "/").last ?? ""), policyArn: arn)
    }
}
