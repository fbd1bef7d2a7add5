import RampartCore
import RampartStore

extension IAMService {
    public func createGroup(_ input: IAM.CreateGroupRequest, _ call: CallContext) async throws
        -> IAM.CreateGroupResponse
    {
        let account = call.principal.account
        try validatePath(input.path)
        let group = try await store.write { tx in
            guard tx.get(Group.self, Group.key(account, input.groupName)) == nil else {
                throw AWSError.entityAlreadyExists("Group with name \(input.groupName) already exists.")
            }
            guard tx.count(Group.self, account: account.rawValue) < Limits.groupsPerAccount else {
                throw AWSError.limitExceeded("Cannot exceed quota for GroupsPerAccount: \(Limits.groupsPerAccount)")
            }
            let group = Group(
                account: account, name: input.groupName, id: UniqueID.make(.group), path: input.path ?? "/",
                createDate: call.now)
            tx.put(group)
            return group
        }
        return IAM.CreateGroupResponse(group: IAM.Group(group, in: call.principal.partition))
    }

    public func getGroup(_ input: IAM.GetGroupRequest, _ call: CallContext) async throws -> IAM.GetGroupResponse {
        let snapshot = store.snapshot()
        let group = try snapshot.group(call.principal.account, input.groupName)
        let members = members(of: group, in: snapshot)
        let page = try Page(members, sortKey: { $0.name.lowercased() }, marker: input.marker, maxItems: input.maxItems)
        return IAM.GetGroupResponse(
            group: IAM.Group(group, in: call.principal.partition),
            users: page.items.map { IAM.User($0, in: call.principal.partition, detailed: false) },
            isTruncated: page.isTruncated, marker: page.marker)
    }

    public func listGroups(_ input: IAM.ListGroupsRequest, _ call: CallContext) async throws -> IAM.ListGroupsResponse {
        let groups = store.snapshot().all(Group.self, account: call.principal.account.rawValue)
            .filter { $0.path.hasPathPrefix(input.pathPrefix) }
        let page = try Page(groups, sortKey: { $0.name.lowercased() }, marker: input.marker, maxItems: input.maxItems)
        return IAM.ListGroupsResponse(
            groups: page.items.map { IAM.Group($0, in: call.principal.partition) }, isTruncated: page.isTruncated,
            marker: page.marker)
    }

    public func updateGroup(_ input: IAM.UpdateGroupRequest, _ call: CallContext) async throws {
        let account = call.principal.account
        try validatePath(input.newPath)
        try await store.write { tx in
            var group = try tx.group(account, input.groupName)
            if let newName = input.newGroupName {
                if newName.lowercased() != group.name.lowercased() {
                    guard tx.get(Group.self, Group.key(account, newName)) == nil else {
                        throw AWSError.entityAlreadyExists("Group with name \(newName) already exists.")
                    }
                    tx.delete(Group.self, group.recordKey)
                }
                for var user in members(of: group, in: tx) {
                    user.groups = user.groups.map { $0.lowercased() == group.name.lowercased() ? newName : $0 }
                    tx.put(user)
                }
                group.name = newName
            }
            if let newPath = input.newPath { group.path = newPath }
            tx.put(group)
        }
    }

    public func deleteGroup(_ input: IAM.DeleteGroupRequest, _ call: CallContext) async throws {
        try await store.write { tx in
            let group = try tx.group(call.principal.account, input.groupName)
            if !members(of: group, in: tx).isEmpty {
                throw AWSError.deleteConflict("Cannot delete entity, must remove users from group first.")
            }
            if !group.policies.inlinePolicies.isEmpty {
                throw AWSError.deleteConflict("Cannot delete entity, must delete policies first.")
            }
            if !group.policies.managedPolicyArns.isEmpty {
                throw AWSError.deleteConflict("Cannot delete entity, must detach all policies first.")
            }
            tx.delete(Group.self, group.recordKey)
        }
    }

    public func addUserToGroup(_ input: IAM.AddUserToGroupRequest, _ call: CallContext) async throws {
        let account = call.principal.account
        try await store.write { tx in
            let group = try tx.group(account, input.groupName)
            var user = try tx.user(account, input.userName)
            if user.groups.contains(where: { $0.lowercased() == group.name.lowercased() }) { return }
            guard user.groups.count < Limits.groupsPerUser else {
                throw AWSError.limitExceeded("Cannot exceed quota for GroupsPerUser: \(Limits.groupsPerUser)")
            }
            user.groups.append(group.name)
            tx.put(user)
        }
    }

    public func removeUserFromGroup(_ input: IAM.RemoveUserFromGroupRequest, _ call: CallContext) async throws {
        let account = call.principal.account
        try await store.write { tx in
            let group = try tx.group(account, input.groupName)
            var user = try tx.user(account, input.userName)
            guard let index = user.groups.firstIndex(where: { $0.lowercased() == group.name.lowercased() }) else {
                throw AWSError.noSuchEntity("User \(user.name) is not in group \(group.name).")
            }
            user.groups.remove(at: index)
            tx.put(user)
        }
    }

    public func listGroupsForUser(_ input: IAM.ListGroupsForUserRequest, _ call: CallContext) async throws
        -> IAM.ListGroupsForUserResponse
    {
        let snapshot = store.snapshot()
        let account = call.principal.account
        let user = try snapshot.user(account, input.userName)
        let groups = user.groups.compactMap { snapshot.get(Group.self, Group.key(account, $0)) }
        let page = try Page(groups, sortKey: { $0.name.lowercased() }, marker: input.marker, maxItems: input.maxItems)
        return IAM.ListGroupsForUserResponse(
            groups: page.items.map { IAM.Group($0, in: call.principal.partition) }, isTruncated: page.isTruncated,
            marker: page.marker)
    }

    func members(of group: Group, in reader: some EntityReader) -> [User] {
        reader.all(User.self, account: group.account.rawValue).filter { user in
            user.groups.contains { $0.lowercased() == group.name.lowercased() }
        }
    }
}
