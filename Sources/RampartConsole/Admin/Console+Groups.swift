import Foundation
import RampartCore
import RampartServices
import RampartWire

/// The groups pages: ListGroups, GetGroup and the attachments; CreateGroup; DeleteGroup after its
/// members and policies go (RemoveUserFromGroup, DetachGroupPolicy, DeleteGroupPolicy); attaching and
/// detaching policies.
extension Console {
    func groups(_ path: AdminPath, _ admin: AdminRequest) async -> ConsoleResponse {
        let area = DirectoryArea(
            entity: .group,
            list: { messages in
                var messages = messages
                var groups: [IAM.Group]?
                do {
                    groups = try await admin.iam("ListGroups") { iam, call in
                        try await iam.listGroups(.init(maxItems: 1000), call).groups
                    }
                } catch {
                    messages.error = messages.error ?? admin.words(error)
                }
                return .html(
                    DirectoryPages.groups(groups, csrf: admin.csrf, header: admin.header, messages: messages))
            },
            create: {
                let name = admin.field("name").trimmingCharacters(in: .whitespaces)
                let group = try await admin.iam("CreateGroup", IAM.CreateGroupRequest.self, ["GroupName": name]) {
                    iam, input, call in try await iam.createGroup(input, call).group
                }
                return "The group \(group.groupName) was created."
            },
            page: { name, messages, _ in await groupPage(name, admin, messages) },
            consequences:
                "Deleting the group removes its members from it and its policies first. The users themselves stay. "
                + "This cannot be undone.",
            delete: { name in
                let group = ["GroupName": name]
                guard admin.allows("DeleteGroup", group) else {
                    try await admin.iam("DeleteGroup", group) { iam, call in
                        try await iam.deleteGroup(.init(groupName: name), call)
                    }
                    return ""
                }
                let members = try await admin.iam("GetGroup", group) { iam, call in
                    try await iam.getGroup(.init(groupName: name, maxItems: 1000), call).users.map(\.userName)
                }
                for user in members {
                    try await admin.iam("RemoveUserFromGroup", ["GroupName": name, "UserName": user]) { iam, call in
                        try await iam.removeUserFromGroup(.init(groupName: name, userName: user), call)
                    }
                }
                try await removePolicies(.group, name, admin)
                try await admin.iam("DeleteGroup", group) { iam, call in
                    try await iam.deleteGroup(.init(groupName: name), call)
                }
                return "The group \(name) was deleted."
            },
            change: { name, action in await attachmentForm(.group, name, action, admin) })
        return await area.respond(path, admin, console: self)
    }

    private func groupPage(_ name: String, _ admin: AdminRequest, _ messages: PageMessages) async -> ConsoleResponse {
        do {
            let got = try await admin.iam("GetGroup", ["GroupName": name]) { iam, call in
                try await iam.getGroup(.init(groupName: name, maxItems: 1000), call)
            }
            return .html(
                DirectoryPages.group(
                    got.group, members: got.users, attachments: await attachments(.group, name, admin),
                    csrf: admin.csrf, header: admin.header, messages: messages))
        } catch {
            return missing(.group, name, error, admin, messages)
        }
    }

    /// The page of a user, group or role that could not be read: gone, or not allowed.
    func missing(
        _ entity: AdminEntity, _ name: String, _ error: any Error, _ admin: AdminRequest, _ messages: PageMessages
    )
        -> ConsoleResponse
    {
        var shown = messages
        shown.error = admin.words(error)
        let list = "/console/\(entity.area.rawValue)"
        let title = entity.area.rawValue.capitalized
        return .html(
            Layout.page(
                title: name, body: shown.html + "<p>\(AdminTable.link("All " + entity.area.rawValue, to: list))</p>",
                header: admin.header, crumbs: Crumbs.render([(title, list)], current: name)),
            status: (error as? AWSError)?.code == "NoSuchEntity" ? 404 : 403)
    }

    /// Detaches the managed policies of a user, group or role and deletes its inline ones, before it is deleted.
    func removePolicies(_ entity: AdminEntity, _ name: String, _ admin: AdminRequest) async throws {
        let found = await attachments(entity, name, admin)
        if let problem = found.problems.first { throw AWSError.accessDenied(problem) }
        for policy in found.attached ?? [] {
            _ = try await changeAttachment(entity, name, policy: policy.policyArn ?? "", detach: true, admin)
        }
        for policy in found.inline ?? [] {
            try await admin.iam("Delete\(entity.rawValue)Policy", [entity.parameter: name, "PolicyName": policy]) {
                iam, call in
                switch entity {
                case .user: try await iam.deleteUserPolicy(.init(userName: name, policyName: policy), call)
                case .group: try await iam.deleteGroupPolicy(.init(groupName: name, policyName: policy), call)
                case .role: try await iam.deleteRolePolicy(.init(roleName: name, policyName: policy), call)
                }
            }
        }
    }
}
