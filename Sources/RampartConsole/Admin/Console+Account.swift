import Foundation
import RampartCore
import RampartServices
import RampartWire

/// The account page: ListAccountAliases, CreateAccountAlias and DeleteAccountAlias;
/// GetAccountPasswordPolicy and UpdateAccountPasswordPolicy; Rampart's GetMFASettings; and the person's
/// own console sessions (no AWS operation: only one's own are listed and signed out); for the root user,
/// its email and password (`RootCredentials`, as AWS's account settings).
extension Console {
    func account(_ path: AdminPath, _ admin: AdminRequest) async -> ConsoleResponse {
        var messages = PageMessages()
        switch (path.action, admin.form != nil) {
        case (nil, false): break
        case ("alias", true):
            messages = await outcome(admin) { try await changeAlias(admin) }
        case ("password-policy", true):
            messages = await outcome(admin) { try await changePasswordPolicy(admin) }
        case ("root-email", true), ("root-password", true):
            // The root user's own credentials: a recent proof of its device first, like other changes to
            // what protects a sign-in.
            if mayConfirm(admin.principal) { return confirmFirst(.account, request: admin.request) }
            let root = RootCredentials(environment: environment)
            let request = admin.request
            messages = await outcome(admin) {
                if path.action == "root-email" {
                    try await root.changeEmail(
                        admin.principal, password: admin.field("password"), newEmail: admin.field("email"),
                        sourceIp: request.sourceIp, requestId: request.requestId)
                    return "The root user now signs in with \(admin.field("email").lowercased())."
                }
                guard admin.field("new") == admin.field("confirm") else {
                    throw AWSError.invalidInput("The new passwords do not match.")
                }
                try await root.changePassword(
                    admin.principal, current: admin.field("old"), new: admin.field("new"),
                    sourceIp: request.sourceIp, requestId: request.requestId)
                return "The root user's password was changed."
            }
        case ("sign-out", true):
            let chosen = admin.field("session")
            messages = await outcome(admin) {
                let count = try await signIn.signOut(
                    sessions: chosen == "*" ? nil : [chosen], of: sessionToken(admin.request))
                return count == 1 ? "One session was signed out." : "\(count) sessions were signed out."
            }
        default:
            return .html(
                Layout.page(
                    title: "Not found", body: "<p><a href=\"/console\">Console home</a></p>", header: admin.header),
                status: 404)
        }
        return .html(
            AccountPage.render(await accountView(admin), csrf: admin.csrf, header: admin.header, messages: messages))
    }

    private func accountView(_ admin: AdminRequest) async -> AccountPage.View {
        var problems = [String: String]()
        var aliases: [String]?
        do {
            aliases = try await admin.iam("ListAccountAliases") { iam, call in
                try await iam.listAccountAliases(.init(), call).accountAliases
            }
        } catch {
            problems["alias"] = admin.words(error)
        }
        var policy: IAM.PasswordPolicy??
        do {
            policy = .some(
                try await admin.iam("GetAccountPasswordPolicy") { iam, call in
                    try await iam.getAccountPasswordPolicy(call).passwordPolicy
                })
        } catch let error as AWSError where error.code == "NoSuchEntity" {
            policy = .some(nil)
        } catch {
            problems["password-policy"] = admin.words(error)
        }
        var settings: MFASettings?
        do {
            settings = try await admin.admin("GetMFASettings") { service, call in service.mfaSettings(call) }
        } catch {
            problems["mfa"] = admin.words(error)
        }
        return AccountPage.View(
            account: admin.principal.account.rawValue, aliases: aliases, passwordPolicy: policy,
            mfaSettings: settings, isRoot: admin.principal.kind == .root,
            rootEmail: admin.principal.kind == .root ? signIn.rootEmail(admin.principal.account) : nil,
            sessions: signIn.openSessions(of: sessionToken(admin.request)), problems: problems)
    }

    private func changeAlias(_ admin: AdminRequest) async throws -> String {
        let alias = admin.field("alias").trimmingCharacters(in: .whitespaces)
        guard alias.isEmpty else {
            try await admin.iam("CreateAccountAlias", IAM.CreateAccountAliasRequest.self, ["AccountAlias": alias]) {
                iam, input, call in try await iam.createAccountAlias(input, call)
            }
            return "The account alias is now \(alias)."
        }
        let old = admin.field("old")
        try await admin.iam("DeleteAccountAlias", ["AccountAlias": old]) { iam, call in
            try await iam.deleteAccountAlias(.init(accountAlias: old), call)
        }
        return "The account alias was removed."
    }

    private func changePasswordPolicy(_ admin: AdminRequest) async throws -> String {
        var parameters = [String: String]()
        for (field, member) in [
            ("length", "MinimumPasswordLength"), ("age", "MaxPasswordAge"), ("reuse", "PasswordReusePrevention"),
        ] {
            let text = admin.field(field).trimmingCharacters(in: .whitespaces)
            if !text.isEmpty { parameters[member] = text }
        }
        for (field, member) in [
            ("symbols", "RequireSymbols"), ("numbers", "RequireNumbers"), ("upper", "RequireUppercaseCharacters"),
            ("lower", "RequireLowercaseCharacters"), ("change", "AllowUsersToChangePassword"),
        ] {
            parameters[member] = admin.field(field) == "1" ? "true" : "false"
        }
        try await admin.iam("UpdateAccountPasswordPolicy", IAM.UpdateAccountPasswordPolicyRequest.self, parameters) {
            iam, input, call in try await iam.updateAccountPasswordPolicy(input, call)
        }
        return "The password policy was saved."
    }
}
