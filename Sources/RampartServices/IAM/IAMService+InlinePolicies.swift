import RampartCore

extension IAMService {
    public func putUserPolicy(_ input: IAM.PutUserPolicyRequest, _ call: CallContext) async throws {
        try await putInline(
            User.self, input.userName, policyName: input.policyName, document: input.policyDocument, call)
    }

    public func getUserPolicy(_ input: IAM.GetUserPolicyRequest, _ call: CallContext) async throws
        -> IAM.GetUserPolicyResponse
    {
        let found = try inlineDocument(User.self, input.userName, policyName: input.policyName, call)
        return IAM.GetUserPolicyResponse(
            userName: found.holder.name, policyName: input.policyName, policyDocument: found.document)
    }

    public func deleteUserPolicy(_ input: IAM.DeleteUserPolicyRequest, _ call: CallContext) async throws {
        try await deleteInline(User.self, input.userName, policyName: input.policyName, call)
    }

    public func listUserPolicies(_ input: IAM.ListUserPoliciesRequest, _ call: CallContext) async throws
        -> IAM.ListUserPoliciesResponse
    {
        let page = try listInline(User.self, input.userName, marker: input.marker, maxItems: input.maxItems, call)
        return IAM.ListUserPoliciesResponse(policyNames: page.items, isTruncated: page.isTruncated, marker: page.marker)
    }

    public func putGroupPolicy(_ input: IAM.PutGroupPolicyRequest, _ call: CallContext) async throws {
        try await putInline(
            Group.self, input.groupName, policyName: input.policyName, document: input.policyDocument, call)
    }

    public func getGroupPolicy(_ input: IAM.GetGroupPolicyRequest, _ call: CallContext) async throws
        -> IAM.GetGroupPolicyResponse
    {
        let found = try inlineDocument(Group.self, input.groupName, policyName: input.policyName, call)
        return IAM.GetGroupPolicyResponse(
            groupName: found.holder.name, policyName: input.policyName, policyDocument: found.document)
    }

    public func deleteGroupPolicy(_ input: IAM.DeleteGroupPolicyRequest, _ call: CallContext) async throws {
        try await deleteInline(Group.self, input.groupName, policyName: input.policyName, call)
    }

    public func listGroupPolicies(_ input: IAM.ListGroupPoliciesRequest, _ call: CallContext) async throws
        -> IAM.ListGroupPoliciesResponse
    {
        let page = try listInline(Group.self, input.groupName, marker: input.marker, maxItems: input.maxItems, call)
        return IAM.ListGroupPoliciesResponse(
            policyNames: page.items, isTruncated: page.isTruncated, marker: page.marker)
    }

    public func putRolePolicy(_ input: IAM.PutRolePolicyRequest, _ call: CallContext) async throws {
        try await putInline(
            Role.self, input.roleName, policyName: input.policyName, document: input.policyDocument, call)
    }

    public func getRolePolicy(_ input: IAM.GetRolePolicyRequest, _ call: CallContext) async throws
        -> IAM.GetRolePolicyResponse
    {
        let found = try inlineDocument(Role.self, input.roleName, policyName: input.policyName, call)
        return IAM.GetRolePolicyResponse(
            roleName: found.holder.name, policyName: input.policyName, policyDocument: found.document)
    }

    public func deleteRolePolicy(_ input: IAM.DeleteRolePolicyRequest, _ call: CallContext) async throws {
        try await deleteInline(Role.self, input.roleName, policyName: input.policyName, call)
    }

    public func listRolePolicies(_ input: IAM.ListRolePoliciesRequest, _ call: CallContext) async throws
        -> IAM.ListRolePoliciesResponse
    {
        let page = try listInline(Role.self, input.roleName, marker: input.marker, maxItems: input.maxItems, call)
        return IAM.ListRolePoliciesResponse(policyNames: page.items, isTruncated: page.isTruncated, marker: page.marker)
    }
}
