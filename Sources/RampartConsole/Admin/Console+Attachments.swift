import Foundation
import RampartCore
import RampartServices
import RampartWire

/// The managed and inline policies of a user, group or role (ListAttached…Policies, List…Policies) and
/// attaching or detaching one (Attach…Policy, Detach…Policy), for the three detail pages.
extension Console {
    func attachments(_ entity: AdminEntity, _ name: String, _ admin: AdminRequest) async -> PolicyAttachments {
        let parameters = [entity.parameter: name]
        var result = PolicyAttachments(entity: entity, name: name)
        do {
            result.attached =
                try await admin.iam("ListAttached\(entity.rawValue)Policies", parameters) { iam, call in
                    switch entity {
                    case .user:
                        try await iam.listAttachedUserPolicies(.init(userName: name, maxItems: 1000), call)
                            .attachedPolicies
                    case .group:
                        try await iam.listAttachedGroupPolicies(.init(groupName: name, maxItems: 1000), call)
                            .attachedPolicies
                    case .role:
                        try await iam.listAttachedRolePolicies(.init(roleName: name, maxItems: 1000), call)
                            .attachedPolicies
                    }
                } ?? []
        } catch {
            result.problems.append(admin.words(error))
        }
        do {
            result.inline = try await admin.iam("List\(entity.rawValue)Policies", parameters) { iam, call in
                switch entity {
                case .user: try await iam.listUserPolicies(.init(userName: name, maxItems: 1000), call).policyNames
                case .group: try await iam.listGroupPolicies(.init(groupName: name, maxItems: 1000), call).policyNames
                case .role: try await iam.listRolePolicies(.init(roleName: name, maxItems: 1000), call).policyNames
                }
            }
        } catch {
            result.problems.append(admin.words(error))
        }
        result.choices =
            (try? await admin.iam("ListPolicies") { iam, call in
                try await iam.listPolicies(.init(scope: "All", maxItems: 1000), call).policies ?? []
            })?.filter { $0.isAttachable != false } ?? []
        return result
    }

    /// Attaches or detaches a policy (by default the one the form names); the notice says which.
    func changeAttachment(
        _ entity: AdminEntity, _ name: String, policy: String? = nil, detach: Bool, _ admin: AdminRequest
    ) async throws -> String {
        let arn = policy ?? admin.field("policy")
        let action = (detach ? "Detach" : "Attach") + entity.rawValue + "Policy"
        try await admin.iam(action, [entity.parameter: name, "PolicyArn": arn]) { iam, call in
            switch (entity, detach) {
            case (.user, false): try await iam.attachUserPolicy(.init(userName: name, policyArn: arn), call)
            case (.user, true): try await iam.detachUserPolicy(.init(userName: name, policyArn: arn), call)
            case (.group, false): try await iam.attachGroupPolicy(.init(groupName: name, policyArn: arn), call)
            case (.group, true): try await iam.detachGroupPolicy(.init(groupName: name, policyArn: arn), call)
            case (.role, false): try await iam.attachRolePolicy(.init(roleName: name, policyArn: arn), call)
            case (.role, true): try await iam.detachRolePolicy(.init(roleName: name, policyArn: arn), call)
            }
        }
        let policy = arn.split(separator: "/").last.map(String.init) ?? arn
        return detach
            ? "The policy \(policy) was detached from \(name)." : "The policy \(policy) was attached to \(name)."
    }

    /// The one kind of form a group's or role's page posts: attach or detach a policy.
    func attachmentForm(_ entity: AdminEntity, _ name: String, _ action: String, _ admin: AdminRequest) async
        -> PageMessages
    {
        guard action == "attach" || action == "detach" else {
            return PageMessages(error: "That is not something this page does.")
        }
        return await outcome(admin) { try await changeAttachment(entity, name, detach: action == "detach", admin) }
    }
}
