import RampartCore

extension IAMService {
    public func putUserPermissionsBoundary(_ input: IAM.PutUserPermissionsBoundaryRequest, _ call: CallContext)
        async throws
    {
        let account = call.principal.account
        try await store.write { tx in
            var user = try tx.user(account, input.userName)
            _ = try tx.attachablePolicy(input.permissionsBoundary, caller: call.principal)
            user.permissionsBoundaryArn = input.permissionsBoundary
            tx.put(user)
        }
    }

    public func deleteUserPermissionsBoundary(_ input: IAM.DeleteUserPermissionsBoundaryRequest, _ call: CallContext)
        async throws
    {
        try await store.write { tx in
            var user = try tx.user(call.principal.account, input.userName)
            user.permissionsBoundaryArn = nil
            tx.put(user)
        }
    }

    public func putRolePermissionsBoundary(_ input: IAM.PutRolePermissionsBoundaryRequest, _ call: CallContext)
        async throws
    {
        let account = call.principal.account
        try await store.write { tx in
            var role = try tx.role(account, input.roleName)
            try role.requireModifiable()
            _ = try tx.attachablePolicy(input.permissionsBoundary, caller: call.principal)
            role.permissionsBoundaryArn = input.permissionsBoundary
            tx.put(role)
        }
    }

    public func deleteRolePermissionsBoundary(_ input: IAM.DeleteRolePermissionsBoundaryRequest, _ call: CallContext)
        async throws
    {
        try await store.write { tx in
            var role = try tx.role(call.principal.account, input.roleName)
            try role.requireModifiable()
            role.permissionsBoundaryArn = nil
            tx.put(role)
        }
    }
}
