import RampartCore

extension IAMService {
    public func attachUserPolicy(_ input: IAM.AttachUserPolicyRequest, _ call: CallContext) async throws {
        try await attach(User.self, input.userName, policyArn: input.policyArn, call)
    }

    public func detachUserPolicy(_ input: IAM.DetachUserPolicyRequest, _ call: CallContext) async throws {
        try await detach(User.self, input.userName, policyArn: input.policyArn, call)
    }

    public func listAttachedUserPolicies(_ input: IAM.ListAttachedUserPoliciesRequest, _ call: CallContext)
        async throws -> IAM.ListAttachedUserPoliciesResponse
    {
        let page = try listAttached(
            User.self, input.userName, pathPrefix: input.pathPrefix, marker: input.marker, maxItems: input.maxItems,
            call)
        return IAM.ListAttachedUserPoliciesResponse(
            attachedPolicies: page.items, isTruncated: page.isTruncated, marker: page.marker)
    }

    public func attachGroupPolicy(_ input: IAM.AttachGroupPolicyRequest, _ call: CallContext) async throws {
        try await attach(Group.self, input.groupName, policyArn: input.policyArn, call)
    }

    public func detachGroupPolicy(_ input: IAM.DetachGroupPolicyRequest, _ call: CallContext) async throws {
        try await detach(Group.self, input.groupName, policyArn: input.policyArn, call)
    }

    public func listAttachedGroupPolicies(_ input: IAM.ListAttachedGroupPoliciesRequest, _ call: CallContext)
        async throws -> IAM.ListAttachedGroupPoliciesResponse
    {
        let page = try listAttached(
            Group.self, input.groupName, pathPrefix: input.pathPrefix, marker: input.marker, maxItems: input.maxItems,
            call)
        return IAM.ListAttachedGroupPoliciesResponse(
            attachedPolicies: page.items, isTruncated: page.isTruncated, marker: page.marker)
    }

    public func attachRolePolicy(_ input: IAM.AttachRolePolicyRequest, _ call: CallContext) async throws {
        try await attach(Role.self, input.roleName, policyArn: input.policyArn, call)
    }

    public func detachRolePolicy(_ input: IAM.DetachRolePolicyRequest, _ call: CallContext) async throws {
        try await detach(Role.self, input.roleName, policyArn: input.policyArn, call)
    }

    public func listAttachedRolePolicies(_ input: IAM.ListAttachedRolePoliciesRequest, _ call: CallContext)
        async throws -> IAM.ListAttachedRolePoliciesResponse
    {
        let page = try listAttached(
            Role.self, input.roleName, pathPrefix: input.pathPrefix, marker: input.marker, maxItems: input.maxItems,
            call)
        return IAM.ListAttachedRolePoliciesResponse(
            attachedPolicies: page.items, isTruncated: page.isTruncated, marker: page.marker)
    }
}
