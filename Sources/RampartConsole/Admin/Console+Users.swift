import Foundation
import RampartCore
import RampartServices
import RampartWire

/// The users pages. Reads: ListUsers, ListGroupsForUser, ListMFADevices, ListAccessKeys, GetUser,
/// GetAccessKeyLastUsed, ListGroups and the attachments; changes: CreateUser (and CreateLoginProfile),
/// DeleteUser with what must go first, AddUserToGroup, RemoveUserFromGroup, Attach/DetachUserPolicy,
/// DeactivateMFADevice and DeleteVirtualMFADevice, UpdateAccessKey and DeleteAccessKey, and Rampart's
/// ClearSignInLockout and ClearMFALockout.
extension Console {
    func users(_ path: AdminPath, _ admin: AdminRequest) async -> ConsoleResponse {
        let area = DirectoryArea(
            entity: .user,
            list: { await usersList(admin, $0) },
            create: { try await createUser(admin) },
            page: { name, messages, action in
                await userPage(name, admin, messages, tab: action.map(UserPage.Tab.after))
            },
            consequences:
                "Deleting the user removes its console password, access keys, MFA devices, group memberships and "
                + "policies first, as the AWS console does. This cannot be undone.",
            delete: { try await deleteUser($0, admin) },
            change: { await changeUser($0, $1, admin) })
        return await area.respond(path, admin, console: self)
    }

    private func usersList(_ admin: AdminRequest, _ messages: PageMessages) async -> ConsoleResponse {
        let prefix = (admin.query("prefix") ?? "").trimmingCharacters(in: .whitespaces)
        let start = max(0, Int(admin.query("start") ?? "") ?? 0)
        var messages = messages
        var listing: UsersPage.Listing?
        do {
            let all = try await everything { marker in
                let page = try await admin.iam("ListUsers") { iam, call in
                    try await iam.listUsers(.init(marker: marker, maxItems: 1000), call)
                }
                return (page.users, page.isTruncated == true ? page.marker : nil)
            }
            let matching = all.filter { prefix.isEmpty || $0.userName.lowercased().hasPrefix(prefix.lowercased()) }
            var rows = [UsersPage.Row]()
            for user in matching.dropFirst(start).prefix(UsersPage.pageSize) {
                rows.append(await userRow(user, admin))
            }
            listing = UsersPage.Listing(rows: rows, prefix: prefix, start: start, total: matching.count)
        } catch {
            messages.error = messages.error ?? admin.words(error)
        }
        return .html(
            UsersPage.render(listing, now: clock.now, csrf: admin.csrf, header: admin.header, messages: messages))
    }

    private func userRow(_ user: IAM.User, _ admin: AdminRequest) async -> UsersPage.Row {
        let name = user.userName
        let parameters = ["UserName": name]
        let groups = try? await admin.iam("ListGroupsForUser", parameters) { iam, call in
            try await iam.listGroupsForUser(.init(userName: name, maxItems: 1000), call).groups.map(\.groupName)
        }
        let devices = try? await admin.iam("ListMFADevices", parameters) { iam, call in
            try await iam.listMFADevices(.init(userName: name, maxItems: 1000), call).mfaDevices.map(\.serialNumber)
        }
        let keys = try? await admin.iam("ListAccessKeys", parameters) { iam, call in
            try await iam.listAccessKeys(.init(userName: name), call).accessKeyMetadata
        }
        return UsersPage.Row(
            user: user, groups: groups, devices: devices, keys: keys,
            standing: signIn.standing(account: admin.principal.account, userName: name))
    }

    private func createUser(_ admin: AdminRequest) async throws -> String {
        let name = admin.field("name").trimmingCharacters(in: .whitespaces)
        let password = admin.field("password")
        // Both calls are checked first, so a refused password does not leave a user behind.
        if !password.isEmpty, admin.allows("CreateUser", ["UserName": name]),
            !admin.allows("CreateLoginProfile", ["UserName": name])
        {
            throw AWSError.accessDenied(
                "You may create users but not give them a console password (iam:CreateLoginProfile).")
        }
        let created = try await admin.iam("CreateUser", IAM.CreateUserRequest.self, ["UserName": name]) {
            iam, input, call in try await iam.createUser(input, call)
        }
        guard !password.isEmpty else { return "The user \(created.user?.userName ?? name) was created." }
        do {
            let profile = [
                "UserName": name, "Password": password,
                "PasswordResetRequired": admin.field("reset") == "1" ? "true" : "false",
            ]
            _ = try await admin.iam("CreateLoginProfile", IAM.CreateLoginProfileRequest.self, profile) {
                iam, input, call in try await iam.createLoginProfile(input, call)
            }
        } catch let error as AWSError {
            return "The user \(name) was created without a console password: \(error.message)"
        }
        return "The user \(name) was created with a console password."
    }

    /// What DeleteUser needs gone first, then the user. Nothing starts unless DeleteUser itself is allowed.
    private func deleteUser(_ name: String, _ admin: AdminRequest) async throws -> String {
        let user = ["UserName": name]
        guard admin.allows("DeleteUser", user) else {
            // The refused call itself, so the trail has it and the words are AWS's.
            try await admin.iam("DeleteUser", user) { iam, call in try await iam.deleteUser(.init(userName: name), call)
            }
            return ""
        }
        if (try? await admin.iam("GetLoginProfile", user) { iam, call in
            try await iam.getLoginProfile(.init(userName: name), call)
        }) != nil {
            try await admin.iam("DeleteLoginProfile", user) { iam, call in
                try await iam.deleteLoginProfile(.init(userName: name), call)
            }
        }
        let keys = try await admin.iam("ListAccessKeys", user) { iam, call in
            try await iam.listAccessKeys(.init(userName: name), call).accessKeyMetadata.compactMap(\.accessKeyId)
        }
        for key in keys {
            try await admin.iam("DeleteAccessKey", ["UserName": name, "AccessKeyId": key]) { iam, call in
                try await iam.deleteAccessKey(.init(userName: name, accessKeyId: key), call)
            }
        }
        let devices = try await admin.iam("ListMFADevices", user) { iam, call in
            try await iam.listMFADevices(.init(userName: name, maxItems: 1000), call).mfaDevices.map(\.serialNumber)
        }
        for serial in devices { try await removeDevice(serial, of: name, as: admin) }
        let groups = try await admin.iam("ListGroupsForUser", user) { iam, call in
            try await iam.listGroupsForUser(.init(userName: name, maxItems: 1000), call).groups.map(\.groupName)
        }
        for group in groups {
            try await admin.iam("RemoveUserFromGroup", ["UserName": name, "GroupName": group]) { iam, call in
                try await iam.removeUserFromGroup(.init(groupName: group, userName: name), call)
            }
        }
        try await removePolicies(.user, name, admin)
        try await admin.iam("DeleteUser", user) { iam, call in try await iam.deleteUser(.init(userName: name), call) }
        return "The user \(name) was deleted."
    }

    /// Deactivates a device of `userName` and, for an authenticator app, deletes it (a passkey goes with
    /// its deactivation), as a lost device is removed.
    func removeDevice(_ serial: String, of userName: String?, as admin: AdminRequest) async throws {
        var parameters = ["SerialNumber": serial]
        if let userName { parameters["UserName"] = userName }
        try await admin.iam("DeactivateMFADevice", parameters) { iam, call in
            try await iam.deactivateMFADevice(.init(userName: userName, serialNumber: serial), call)
        }
        if MFAKind(serialNumber: serial) == .authenticator {
            try await admin.iam("DeleteVirtualMFADevice", ["SerialNumber": serial]) { iam, call in
                try await iam.deleteVirtualMFADevice(.init(serialNumber: serial), call)
            }
        }
    }

    private func changeUser(_ name: String, _ action: String, _ admin: AdminRequest) async -> PageMessages {
        let group = admin.field("group")
        switch action {
        case "attach", "detach":
            return await attachmentForm(.user, name, action, admin)
        case "join":
            let messages = await outcome(admin) {
                try await admin.iam(
                    "AddUserToGroup", IAM.AddUserToGroupRequest.self, ["UserName": name, "GroupName": group]
                ) {
                    iam, input, call in try await iam.addUserToGroup(input, call)
                }
                return "\(name) was added to the group \(group)."
            }
            return messages
        case "leave":
            let messages = await outcome(admin) {
                try await admin.iam("RemoveUserFromGroup", ["UserName": name, "GroupName": group]) { iam, call in
                    try await iam.removeUserFromGroup(.init(groupName: group, userName: name), call)
                }
                return "\(name) was removed from the group \(group)."
            }
            return messages
        case "remove-device":
            let messages = await outcome(admin) {
                try await removeDevice(admin.field("serial"), of: name, as: admin)
                return "The device was removed. \(name) can set up a new one at the next sign-in."
            }
            return messages
        case "key-status":
            let key = admin.field("key")
            let status = admin.field("status")
            return await outcome(admin) {
                try await admin.iam(
                    "UpdateAccessKey", IAM.UpdateAccessKeyRequest.self,
                    ["UserName": name, "AccessKeyId": key, "Status": status]
                ) { iam, input, call in try await iam.updateAccessKey(input, call) }
                return status == "Active"
                    ? "The access key \(key) was activated." : "The access key \(key) was deactivated."
            }
        case "delete-key":
            let key = admin.field("key")
            return await outcome(admin) {
                try await admin.iam(
                    "DeleteAccessKey", IAM.DeleteAccessKeyRequest.self, ["UserName": name, "AccessKeyId": key]
                ) { iam, input, call in try await iam.deleteAccessKey(input, call) }
                return "The access key \(key) was deleted. Programs that used it can no longer sign requests."
            }
        case "unlock":
            let messages = await outcome(admin) {
                try await admin.admin("ClearSignInLockout", ["UserName": name]) { service, call in
                    try await service.clearSignInLockout(userName: name, sourceIp: nil, call)
                }
                try await admin.admin("ClearMFALockout", ["UserName": name]) { service, call in
                    try await service.clearMFALockout(userName: name, call)
                }
                return "The lockout of \(name) was lifted."
            }
            return messages
        default:
            return PageMessages(error: "That is not something this page does.")
        }
    }

    private func userPage(_ name: String, _ admin: AdminRequest, _ messages: PageMessages, tab: UserPage.Tab? = nil)
        async -> ConsoleResponse
    {
        let parameters = ["UserName": name]
        let user: IAM.User
        do {
            user = try await admin.iam("GetUser", parameters) { iam, call in
                try await iam.getUser(.init(userName: name), call).user
            }
        } catch {
            let status = (error as? AWSError)?.code == "NoSuchEntity" ? 404 : 403
            var shown = messages
            shown.error = admin.words(error)
            return .html(
                Layout.page(
                    title: name, body: shown.html + "<p><a href=\"/console/users\">All users</a></p>",
                    header: admin.header, crumbs: Crumbs.render([("Users", "/console/users")], current: name)),
                status: status)
        }
        let content: UserPage.Content
        switch tab ?? UserPage.Tab(rawValue: admin.query("tab") ?? "") ?? .permissions {
        case .permissions:
            let groups = try? await admin.iam("ListGroupsForUser", parameters) { iam, call in
                try await iam.listGroupsForUser(.init(userName: name, maxItems: 1000), call).groups.map(\.groupName)
            }
            let all =
                (try? await admin.iam("ListGroups") { iam, call in
                    try await iam.listGroups(.init(maxItems: 1000), call).groups.map(\.groupName)
                }) ?? []
            content = .permissions(
                await attachments(.user, name, admin),
                UserPage.Membership(groups: groups, choices: all.filter { !(groups ?? []).contains($0) }),
                await effectivePermissions(of: user, admin))
        case .credentials:
            content = .credentials(await credentials(of: name, admin))
        case .signIns:
            content = .signIns(await signIns(of: user, admin))
        }
        return .html(
            UserPage.render(user, content, now: clock.now, csrf: admin.csrf, header: admin.header, messages: messages))
    }

    /// The simulator for the actions the administrator asked about (`actions` in the query), run as the
    /// signed-in principal: `iam:SimulatePrincipalPolicy` on the user must be allowed, as over the API.
    private func effectivePermissions(of user: IAM.User, _ admin: AdminRequest) async -> EffectivePermissions {
        var effective = EffectivePermissions(
            typed: admin.query("actions"), resources: admin.query("resources"), context: admin.query("context"))
        guard admin.query("actions") != nil else { return effective }
        guard effective.actions.count <= EffectivePermissions.maximumActions else {
            effective.error = "Ask about at most \(EffectivePermissions.maximumActions) actions at once."
            return effective
        }
        do {
            var parameters = try effective.simulationParameters()
            parameters["PolicySourceArn"] = user.arn
            for (index, action) in effective.actions.enumerated() {
                parameters["ActionNames.member.\(index + 1)"] = action
            }
            var results = [IAM.EvaluationResult]()
            var marker: String?
            repeat {
                if let marker { parameters["Marker"] = marker }
                let page = try await admin.iam(
                    "SimulatePrincipalPolicy", IAM.SimulatePrincipalPolicyRequest.self, parameters
                ) { iam, input, call in try await iam.simulatePrincipalPolicy(input, call) }
                results += page.evaluationResults ?? []
                marker = page.isTruncated == true ? page.marker : nil
            } while marker != nil
            effective.results = results
        } catch {
            effective.error = admin.words(error)
        }
        return effective
    }

    private func credentials(of name: String, _ admin: AdminRequest) async -> UserPage.Credentials {
        let parameters = ["UserName": name]
        let account = admin.principal.account
        let devices = try? await admin.iam("ListMFADevices", parameters) { iam, call in
            try await iam.listMFADevices(.init(userName: name, maxItems: 1000), call).mfaDevices
        }
        var keys: [(key: IAM.AccessKeyMetadata, lastUsed: Date?)]?
        if let listed = try? await admin.iam(
            "ListAccessKeys", parameters,
            { iam, call in
                try await iam.listAccessKeys(.init(userName: name), call).accessKeyMetadata
            })
        {
            var entries = [(key: IAM.AccessKeyMetadata, lastUsed: Date?)]()
            for key in listed {
                let id = key.accessKeyId ?? ""
                let used = try? await admin.iam("GetAccessKeyLastUsed", ["AccessKeyId": id]) { iam, call in
                    try await iam.getAccessKeyLastUsed(.init(accessKeyId: id), call).accessKeyLastUsed?.lastUsedDate
                }
                entries.append((key, used ?? nil))
            }
            keys = entries
        }
        return UserPage.Credentials(
            devices: devices,
            lastUsed: DeviceActivity(environment: environment).lastUsed(account: account, owner: name),
            nicknames: DeviceNicknames(environment: environment).nicknames(account: account, owner: name),
            keys: keys, standing: signIn.standing(account: account, userName: name))
    }

    /// Another user's sign-ins are events of the account: shown to those who may look events up.
    private func signIns(of user: IAM.User, _ admin: AdminRequest) async -> String {
        guard mayLookUpEvents(admin.principal, request: admin.request) else {
            return """
                <h2>Recent sign-ins</h2><p id="no-sign-ins">Reading another user's sign-ins needs permission to look up the account's events (cloudtrail:LookupEvents).</p>
                """
        }
        let now = clock.now
        let recent = try? await SignInHistory(environment: environment).recent(
            ofUser: user.userName, userId: user.userId, account: admin.principal.account,
            from: now.addingTimeInterval(-configuration.trailRetention), to: now)
        var filter = EventFilter()
        filter.key = .username
        filter.value = user.userName
        return RecentSignInsSection.render(
            recent,
            nicknames: DeviceNicknames(environment: environment).nicknames(
                account: admin.principal.account, owner: user.userName),
            allEvents: "/console/events?" + filter.query(token: nil))
    }
}
