import Foundation
import RampartCore
import RampartStore

/// Service-linked roles: roles that an AWS service owns, created with the name, path and trust policy AWS
/// defines for that service (`LinkedServiceCatalog`). No service runs on Rampart to use them, so a role is
/// never in use and DeleteServiceLinkedRole deletes it at once; its task then reads SUCCEEDED.
extension IAMService {
    public func createServiceLinkedRole(_ input: IAM.CreateServiceLinkedRoleRequest, _ call: CallContext)
        async throws -> IAM.CreateServiceLinkedRoleResponse
    {
        let account = call.principal.account
        guard
            let service = LinkedServiceCatalog.service(
                principal: input.awsServiceName, in: call.principal.partition)
        else {
            throw AWSError.noSuchEntity(
                "Service \(input.awsServiceName) does not support service-linked roles or is not a valid service principal."
            )
        }
        if input.customSuffix != nil, !service.allowsCustomSuffix {
            throw AWSError.invalidInput("Custom suffix is not allowed for \(service.principal)")
        }
        let name = service.roleName(customSuffix: input.customSuffix)
        guard name.utf16.count <= LinkedService.maxRoleNameLength else {
            throw AWSError.invalidInput(
                "The role name \(name) formed with the custom suffix is longer than \(LinkedService.maxRoleNameLength) characters."
            )
        }
        let role = try await store.write { tx in
            guard tx.get(Role.self, Role.key(account, name)) == nil else {
                throw AWSError.invalidInput(
                    "Service role name \(name) has been taken in this account, please try a different suffix.")
            }
            guard tx.count(Role.self, account: account.rawValue) < Limits.rolesPerAccount else {
                throw AWSError.limitExceeded("Cannot exceed quota for RolesPerAccount: \(Limits.rolesPerAccount)")
            }
            var role = Role(
                account: account, name: name, id: UniqueID.make(.role), path: service.path, createDate: call.now,
                assumeRolePolicyDocument: service.trustPolicy, maxSessionDuration: LinkedService.maxSessionDuration)
            role.description = input.description
            role.linkedService = service.principal
            tx.put(role)
            return role
        }
        return IAM.CreateServiceLinkedRoleResponse(role: IAM.Role(role, in: call.principal.partition))
    }

    public func deleteServiceLinkedRole(_ input: IAM.DeleteServiceLinkedRoleRequest, _ call: CallContext)
        async throws -> IAM.DeleteServiceLinkedRoleResponse
    {
        let account = call.principal.account
        let now = call.now
        let task = try await store.write { tx in
            let role = try tx.role(account, input.roleName)
            guard let principal = role.linkedService else {
                throw AWSError.noSuchEntity("The role with name \(role.name) is not a service-linked role.")
            }
            for old in tx.all(ServiceLinkedRoleDeletionTask.self, account: account.rawValue)
            where old.isExpired(at: now) {
                tx.delete(ServiceLinkedRoleDeletionTask.self, old.recordKey)
            }
            let id = LinkedService.deletionTaskId(
                principal: principal, roleName: role.name, uuid: UUID().uuidString.lowercased())
            let task = ServiceLinkedRoleDeletionTask(
                id: id, account: account, roleName: role.name, status: .succeeded, createDate: now)
            tx.delete(Role.self, role.recordKey)
            tx.put(task)
            return task
        }
        return IAM.DeleteServiceLinkedRoleResponse(deletionTaskId: task.id)
    }

    public func getServiceLinkedRoleDeletionStatus(
        _ input: IAM.GetServiceLinkedRoleDeletionStatusRequest, _ call: CallContext
    ) async throws -> IAM.GetServiceLinkedRoleDeletionStatusResponse {
        let id = input.deletionTaskId
        guard Self.isDeletionTaskId(id) else {
            throw AWSError.invalidInput("Invalid deletion task id: \(id)")
        }
        let key = ServiceLinkedRoleDeletionTask.key(call.principal.account, id)
        guard let task = store.snapshot().get(ServiceLinkedRoleDeletionTask.self, key), !task.isExpired(at: call.now)
        else {
            throw AWSError.noSuchEntity("Deletion task \(id) cannot be found.")
        }
        return IAM.GetServiceLinkedRoleDeletionStatusResponse(
            status: task.status.rawValue,
            reason: task.failureReason.map { IAM.DeletionTaskFailureReasonType(reason: $0) })
    }

    /// `task/aws-service-role/<principal>/<role-name>/<uuid>`: four non-empty parts after `task/`.
    private static func isDeletionTaskId(_ id: String) -> Bool {
        let parts = id.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 5 && parts[0] == "task" && parts[1] == "aws-service-role"
            && parts.dropFirst(2).allSatisfy { !$0.isEmpty } && UUID(uuidString: String(parts[4])) != nil
    }
}
