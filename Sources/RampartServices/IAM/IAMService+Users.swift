import RampartCore
import RampartStore

extension IAMService {
    public func createUser(_ input: IAM.CreateUserRequest, _ call: CallContext) async throws -> IAM.CreateUserResponse {
        let account = call.principal.account
        try validatePath(input.path)
        let tags = input.tags?.domain ?? []
        try validateTags([], adding: tags)
        let user = try await store.write { tx in
            if let boundary = input.permissionsBoundary { _ = try tx.policy(boundary, caller: call.principal) }
            guard tx.get(User.self, User.key(account, input.userName)) == nil else {
                throw AWSError.entityAlreadyExists("User with name \(input.userName) already exists.")
            }
            guard tx.count(User.self, account: account.rawValue) < Limits.usersPerAccount else {
                throw AWSError.limitExceeded("Cannot exceed quota for UsersPerAccount: \(Limits.usersPerAccount)")
            }
            var user = User(
                account: account, name: input.userName, id: UniqueID.make(.user), path: input.path ?? "/",
                createDate: call.now)
            user.tags = tags
            user.permissionsBoundaryArn = input.permissionsBoundary
            tx.put(user)
            return user
        }
        return IAM.CreateUserResponse(user: IAM.User(user, in: call.principal.partition))
    }

    public func getUser(_ input: IAM.GetUserRequest, _ call: CallContext) async throws -> IAM.GetUserResponse {
        let snapshot = store.snapshot()
        guard let name = try targetUserName(input.userName, call) else {
            let account = try snapshot.account(call.principal.account)
            return IAM.GetUserResponse(
                user: IAM.User(
                    path: "/", userName: "", userId: account.id.rawValue, arn: account.rootArn,
                    createDate: account.createDate, passwordLastUsed: account.rootPasswordLastUsed))
        }
        return IAM.GetUserResponse(
            user: IAM.User(try snapshot.user(call.principal.account, name), in: call.principal.partition))
    }

    public func listUsers(_ input: IAM.ListUsersRequest, _ call: CallContext) async throws -> IAM.ListUsersResponse {
        var users = store.snapshot().all(User.self, account: call.principal.account.rawValue)
        if let prefix = input.pathPrefix, prefix != "/" { users.removeAll { !$0.path.hasPrefix(prefix) } }
        let page = try Page(users, sortKey: { $0.name.lowercased() }, marker: input.marker, maxItems: input.maxItems)
        return IAM.ListUsersResponse(
            users: page.items.map { IAM.User($0, in: call.principal.partition, detailed: false) },
            isTruncated: page.isTruncated, marker: page.marker)
    }

    public func updateUser(_ input: IAM.UpdateUserRequest, _ call: CallContext) async throws {
        let account = call.principal.account
        try validatePath(input.newPath)
        try await store.write { tx in
            var user = try tx.user(account, input.userName)
            if let newName = input.newUserName, newName.lowercased() != user.name.lowercased() {
                guard tx.get(User.self, User.key(account, newName)) == nil else {
                    throw AWSError.entityAlreadyExists("User with name \(newName) already exists.")
                }
                tx.delete(User.self, user.recordKey)
            }
            if let newName = input.newUserName {
                for var key in tx.all(AccessKey.self, account: account.rawValue) where key.userName == user.name {
                    key.userName = newName
                    tx.put(key)
                }
                // A renamed user is the same user: its console sessions follow it.
                for var session in tx.all(ConsoleSession.self, account: account.rawValue)
                where session.userId == user.id {
                    session.userName = newName
                    tx.put(session)
                }
                user.name = newName
            }
            if let newPath = input.newPath { user.path = newPath }
            tx.put(user)
        }
    }

    public func deleteUser(_ input: IAM.DeleteUserRequest, _ call: CallContext) async throws {
        let account = call.principal.account
        try await store.write { tx in
            let user = try tx.user(account, input.userName)
            if user.loginProfile != nil {
                throw AWSError.deleteConflict("Cannot delete entity, must delete login profile first.")
            }
            if tx.all(AccessKey.self, account: account.rawValue).contains(where: { $0.userName == user.name }) {
                throw AWSError.deleteConflict("Cannot delete entity, must delete access keys first.")
            }
            if tx.all(SigningCertificate.self, account: account.rawValue).contains(where: { $0.userId == user.id }) {
                throw AWSError.deleteConflict("Cannot delete entity, must delete signing certificates first.")
            }
            if tx.all(SSHPublicKey.self, account: account.rawValue).contains(where: { $0.userId == user.id }) {
                throw AWSError.deleteConflict("Cannot delete entity, must delete SSH public keys first.")
            }
            if tx.all(ServiceSpecificCredential.self, account: account.rawValue).contains(where: {
                $0.userId == user.id
            }) {
                throw AWSError.deleteConflict("Cannot delete entity, must delete service specific credentials first.")
            }
            if !user.policies.inlinePolicies.isEmpty {
                throw AWSError.deleteConflict("Cannot delete entity, must delete policies first.")
            }
            if !user.policies.managedPolicyArns.isEmpty {
                throw AWSError.deleteConflict("Cannot delete entity, must detach all policies first.")
            }
            if !user.groups.isEmpty {
                throw AWSError.deleteConflict("Cannot delete entity, must remove users from group first.")
            }
            if !tx.devicesInUse(account, by: user.name).isEmpty {
                throw AWSError.deleteConflict("Cannot delete entity, must remove MFA device first.")
            }
            tx.delete(User.self, user.recordKey)
        }
    }

    public func tagUser(_ input: IAM.TagUserRequest, _ call: CallContext) async throws {
        try await store.write { tx in
            var user = try tx.user(call.principal.account, input.userName)
            try validateTags(user.tags, adding: input.tags.domain)
            user.tags = user.tags.merging(input.tags.domain)
            tx.put(user)
        }
    }

    public func untagUser(_ input: IAM.UntagUserRequest, _ call: CallContext) async throws {
        try await store.write { tx in
            var user = try tx.user(call.principal.account, input.userName)
            user.tags = user.tags.removing(keys: input.tagKeys)
            tx.put(user)
        }
    }

    public func listUserTags(_ input: IAM.ListUserTagsRequest, _ call: CallContext) async throws
        -> IAM.ListUserTagsResponse
    {
        let user = try store.snapshot().user(call.principal.account, input.userName)
        let page = try Page(user.tags, sortKey: { $0.key }, marker: input.marker, maxItems: input.maxItems)
        return IAM.ListUserTagsResponse(
            tags: page.items.map(IAM.Tag.init), isTruncated: page.isTruncated, marker: page.marker)
    }
}
