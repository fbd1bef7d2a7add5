import Foundation
import RampartCore
import RampartServices
import RampartWire

/// The roles pages: ListRoles, GetRole and the attachments; CreateRole with its trust policy; DeleteRole
/// after its policies go; attaching and detaching policies.
extension Console {
    func roles(_ path: AdminPath, _ admin: AdminRequest) async -> ConsoleResponse {
        let area = DirectoryArea(
            entity: .role,
            list: { messages in await rolesList(admin, messages) },
            create: {
                let name = admin.field("name").trimmingCharacters(in: .whitespaces)
                let description = admin.field("description")
                var parameters = ["RoleName": name, "AssumeRolePolicyDocument": admin.field("trust")]
                if !description.isEmpty { parameters["Description"] = description }
                let role = try await admin.iam("CreateRole", IAM.CreateRoleRequest.self, parameters) {
                    iam, input, call in try await iam.createRole(input, call).role
                }
                return "The role \(role.roleName) was created."
            },
            page: { name, messages, _ in await rolePage(name, admin, messages) },
            consequences:
                "Deleting the role detaches its policies and deletes its inline policies first; sessions of the role "
                + "stop working. This cannot be undone.",
            delete: { name in
                let role = ["RoleName": name]
                if admin.allows("DeleteRole", role) { try await removePolicies(.role, name, admin) }
                try await admin.iam("DeleteRole", role) { iam, call in
                    try await iam.deleteRole(.init(roleName: name), call)
                }
                return "The role \(name) was deleted."
            },
            change: { name, action in await attachmentForm(.role, name, action, admin) })
        return await area.respond(path, admin, console: self)
    }

    private func rolesList(_ admin: AdminRequest, _ messages: PageMessages) async -> ConsoleResponse {
        var messages = messages
        var roles: [IAM.Role]?
        do {
            roles = try await everything { marker in
                let page = try await admin.iam("ListRoles") { iam, call in
                    try await iam.listRoles(.init(marker: marker, maxItems: 1000), call)
                }
                return (page.roles, page.isTruncated == true ? page.marker : nil)
            }
        } catch {
            messages.error = messages.error ?? admin.words(error)
        }
        // A refused create keeps what was typed.
        let failed = admin.form != nil && messages.error != nil
        return .html(
            DirectoryPages.roles(
                roles, account: admin.principal.account.rawValue, csrf: admin.csrf, header: admin.header,
                messages: messages, trust: failed ? admin.field("trust") : nil, name: failed ? admin.field("name") : "",
                description: failed ? admin.field("description") : ""))
    }

    private func rolePage(_ name: String, _ admin: AdminRequest, _ messages: PageMessages) async -> ConsoleResponse {
        do {
            let role = try await admin.iam("GetRole", ["RoleName": name]) { iam, call in
                try await iam.getRole(.init(roleName: name), call).role
            }
            return .html(
                DirectoryPages.role(
                    role, attachments: await attachments(.role, name, admin), csrf: admin.csrf, header: admin.header,
                    messages: messages))
        } catch {
            return missing(.role, name, error, admin, messages)
        }
    }
}
