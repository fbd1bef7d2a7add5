import Foundation
import RampartCore
import RampartServices
import RampartWire

/// A role's trust policy (`/console/roles/NAME/trust`: GetRole, UpdateAssumeRolePolicy) and the inline
/// policies of users, groups and roles (`…/NAME/inline?policy=P`: Get/Put/Delete{User,Group,Role}Policy)
/// in the policy editor. Each save is the IAM operation, run as the signed-in principal, so a read-only
/// administrator sees the documents and is refused the change in words.
extension Console {
    /// The editor's page for `action` ("trust", "inline"), or nil when the action is another form's.
    func documentEditor(_ entity: AdminEntity, _ name: String, _ action: String, _ admin: AdminRequest) async
        -> ConsoleResponse?
    {
        switch action {
        case "trust" where entity == .role: return await trustEditor(name, admin)
        case "inline": return await inlineEditor(entity, name, admin)
        default: return nil
        }
    }

    private func trustEditor(_ name: String, _ admin: AdminRequest) async -> ConsoleResponse {
        var messages = PageMessages()
        var text = admin.field("document")
        var check: PolicyCheck?
        if admin.form == nil {
            do {
                let role = try await admin.iam("GetRole", ["RoleName": name]) { iam, call in
                    try await iam.getRole(.init(roleName: name), call).role
                }
                text = PrettyJSON.format(Self.decodedDocument(role.assumeRolePolicyDocument ?? ""))
            } catch {
                return missing(.role, name, error, admin, PageMessages())
            }
        } else {
            check = PolicyCheck(text, kind: .trust, environment: environment)
            if admin.field("action") == "save" {
                messages = await outcome(admin) {
                    try await admin.iam(
                        "UpdateAssumeRolePolicy", IAM.UpdateAssumeRolePolicyRequest.self,
                        ["RoleName": name, "PolicyDocument": text]
                    ) { iam, input, call in try await iam.updateAssumeRolePolicy(input, call) }
                    return "The trust policy of \(name) was saved."
                }
            }
        }
        return .html(
            DocumentEditorPage.render(
                .role, name, .trust, text: text, check: check, csrf: admin.csrf, header: admin.header,
                messages: messages))
    }

    private func inlineEditor(_ entity: AdminEntity, _ name: String, _ admin: AdminRequest) async -> ConsoleResponse {
        let policy = (admin.form?["policy"] ?? admin.query("policy") ?? "").trimmingCharacters(in: .whitespaces)
        let limit =
            switch entity {
            case .user: Limits.userInlinePolicySize
            case .group: Limits.groupInlinePolicySize
            case .role: Limits.roleInlinePolicySize
            }
        guard admin.form != nil else {
            guard !policy.isEmpty else {
                return .html(
                    DocumentEditorPage.render(
                        entity, name, .inline(nil), text: Self.starterPolicy, check: nil, csrf: admin.csrf,
                        header: admin.header, messages: PageMessages()))
            }
            do {
                let stored = try await getInline(entity, name, policy, admin)
                return .html(
                    DocumentEditorPage.render(
                        entity, name, .inline(policy), text: PrettyJSON.format(Self.decodedDocument(stored)),
                        check: nil, csrf: admin.csrf, header: admin.header, messages: PageMessages()))
            } catch {
                return missing(entity, name, error, admin, PageMessages())
            }
        }
        let text = admin.field("document")
        // A saved policy's form says so; a new one's names the policy in a field of its own.
        let existing = admin.field("existing") == "1"
        if admin.field("action") == "delete" {
            let messages = await outcome(admin) {
                try await deleteInline(entity, name, policy, admin)
                return "The inline policy \(policy) was deleted."
            }
            guard messages.error == nil else {
                return .html(
                    DocumentEditorPage.render(
                        entity, name, .inline(policy), text: text, check: nil, csrf: admin.csrf,
                        header: admin.header, messages: messages))
            }
            return .redirect(AdminPath.entity(entity.area, name))
        }
        let check = PolicyCheck(text, kind: .inline(sizeLimit: limit), environment: environment)
        var messages = PageMessages()
        if admin.field("action") == "save" {
            messages = await outcome(admin) {
                try await putInline(entity, name, policy, text, admin)
                return "The inline policy \(policy) was saved."
            }
        }
        let saved = existing || (admin.field("action") == "save" && messages.error == nil)
        return .html(
            DocumentEditorPage.render(
                entity, name, saved ? .inline(policy) : .inline(nil), text: text, check: check, csrf: admin.csrf,
                header: admin.header, messages: messages, typedName: policy))
    }

    private func getInline(_ entity: AdminEntity, _ name: String, _ policy: String, _ admin: AdminRequest)
        async throws -> String
    {
        let parameters = [entity.parameter: name, "PolicyName": policy]
        switch entity {
        case .user:
            return try await admin.iam("GetUserPolicy", parameters) { iam, call in
                try await iam.getUserPolicy(.init(userName: name, policyName: policy), call).policyDocument
            }
        case .group:
            return try await admin.iam("GetGroupPolicy", parameters) { iam, call in
                try await iam.getGroupPolicy(.init(groupName: name, policyName: policy), call).policyDocument
            }
        case .role:
            return try await admin.iam("GetRolePolicy", parameters) { iam, call in
                try await iam.getRolePolicy(.init(roleName: name, policyName: policy), call).policyDocument
            }
        }
    }

    private func putInline(
        _ entity: AdminEntity, _ name: String, _ policy: String, _ document: String, _ admin: AdminRequest
    ) async throws {
        let parameters = [entity.parameter: name, "PolicyName": policy, "PolicyDocument": document]
        switch entity {
        case .user:
            try await admin.iam("PutUserPolicy", IAM.PutUserPolicyRequest.self, parameters) { iam, input, call in
                try await iam.putUserPolicy(input, call)
            }
        case .group:
            try await admin.iam("PutGroupPolicy", IAM.PutGroupPolicyRequest.self, parameters) { iam, input, call in
                try await iam.putGroupPolicy(input, call)
            }
        case .role:
            try await admin.iam("PutRolePolicy", IAM.PutRolePolicyRequest.self, parameters) { iam, input, call in
                try await iam.putRolePolicy(input, call)
            }
        }
    }

    private func deleteInline(_ entity: AdminEntity, _ name: String, _ policy: String, _ admin: AdminRequest)
        async throws
    {
        let parameters = [entity.parameter: name, "PolicyName": policy]
        switch entity {
        case .user:
            try await admin.iam("DeleteUserPolicy", IAM.DeleteUserPolicyRequest.self, parameters) {
                iam, input, call in try await iam.deleteUserPolicy(input, call)
            }
        case .group:
            try await admin.iam("DeleteGroupPolicy", IAM.DeleteGroupPolicyRequest.self, parameters) {
                iam, input, call in try await iam.deleteGroupPolicy(input, call)
            }
        case .role:
            try await admin.iam("DeleteRolePolicy", IAM.DeleteRolePolicyRequest.self, parameters) {
                iam, input, call in try await iam.deleteRolePolicy(input, call)
            }
        }
    }
}
