import Foundation
import RampartCore
import RampartServices
import RampartWire

/// The organization page and its forms. Every read and change is the Organizations operation it stands
/// for (DescribeOrganization, ListRoots, ListOrganizationalUnitsForParent, ListAccounts,
/// ListCreateAccountStatus; CreateOrganization, CreateOrganizationalUnit, CreateAccount, ListParents and
/// MoveAccount), run through PrincipalCalls as the principal the console acts as: authorized like the
/// API call, then held to Organizations' own rules of which account may call it.
extension Console {
    func organization(_ path: String, request: ConsoleRequest) async throws -> ConsoleResponse {
        try await formPage(request) { principal, csrf, messages in
            await organizationPage(request, principal, csrf: csrf, messages: messages)
        } change: { principal, form in
            try await changeOrganization(path, form: form, request: request, principal: principal)
        }
    }

    /// One form's change; the notice that says it was made.
    private func changeOrganization(_ path: String, form: QueryInput, request: ConsoleRequest, principal: Principal)
        async throws -> String
    {
        func call<T: Sendable>(_ action: String, _ body: (OrganizationsService, CallContext) async throws -> T)
            async throws -> T
        {
            try await calls.organizations(
                action, as: principal, sourceIp: request.sourceIp, requestId: request.requestId, body)
        }
        switch path {
        case "/console/organization/create":
            let created = try await call("CreateOrganization") { service, context in
                try await service.createOrganization(featureSet: .all, context)
            }
            return "Organization \(created.id) was created. This account is its management account."
        case "/console/organization/units":
            let name = try Self.checked(form["name"], "The organizational unit's name", 1...128)
            let parent = form["parent"] ?? ""
            let unit = try await call("CreateOrganizationalUnit") { service, context in
                try await service.createOrganizationalUnit(parentId: parent, name: name, tags: [], context)
            }
            return "The organizational unit \(unit.name) was created."
        case "/console/organization/accounts":
            let name = try Self.checked(form["name"], "The account's name", 1...50)
            let email = try Self.checked(form["email"], "The email address", 6...64)
            guard email.contains("@") else { throw AWSError.validation("Enter the email address of its root user.") }
            let role = try Self.checked(form["role"], "The access role's name", 1...64)
            _ = try await call("CreateAccount") { service, context in
                try await service.createAccount(email: email, name: name, roleName: role, tags: [], context)
            }
            return "The account \(name) is being created: it appears in the tree in a moment."
        default:  // "/console/organization/move"
            let account = form["account"] ?? ""
            let destination = form["destination"] ?? ""
            let parents = try await call("ListParents") { service, context in
                try service.listParents(childId: account, context)
            }
            guard let source = parents.first?.id else { throw AWSError.validation("That account has no parent.") }
            try await call("MoveAccount") { service, context in
                try await service.moveAccount(account, from: source, to: destination, context)
            }
            return "The account \(account) was moved."
        }
    }

    /// A form field trimmed and of an allowed length, or the validation error that says so.
    static func checked(_ value: String?, _ what: String, _ length: ClosedRange<Int>) throws(AWSError) -> String {
        let text = (value ?? "").trimmingCharacters(in: .whitespaces)
        guard length.contains(text.count) else {
            throw AWSError.validation("\(what) must be \(length.lowerBound) to \(length.upperBound) characters.")
        }
        return text
    }

    /// The page for whatever the acting principal's account is: the tree for the management account, a
    /// note for members and standalone accounts, the refusal when DescribeOrganization is denied.
    func organizationPage(
        _ request: ConsoleRequest, _ principal: Principal, csrf: String, messages: OrganizationPage.Messages = .init()
    ) async -> ConsoleResponse {
        let header = header(request, csrf: csrf)
        var messages = messages
        let organization: Organization
        do {
            organization = try await calls.organizations(
                "DescribeOrganization", as: principal, sourceIp: request.sourceIp, requestId: request.requestId
            ) { service, context in try service.describeOrganization(context) }
        } catch let error as AWSError where error.code == "AWSOrganizationsNotInUseException" {
            return .html(OrganizationPage.standalone(header: header, csrf: csrf, messages: messages))
        } catch {
            messages.error = messages.error ?? refusal(error, principal, or: "The organization could not be read.")
            return .html(OrganizationPage.unavailable(header: header, messages: messages))
        }
        guard organization.managementAccount == principal.account else {
            return .html(
                OrganizationPage.member(
                    organizationId: organization.id, managementAccount: organization.managementAccount,
                    header: header, messages: messages))
        }
        do {
            let tree = try await organizationTree(organization, request: request, principal: principal)
            let canSwitch = signIn.identity(forSession: sessionToken(request))?.signedIn.kind == .user
            return .html(
                OrganizationPage.tree(tree, header: header, csrf: csrf, canSwitch: canSwitch, messages: messages))
        } catch {
            messages.error = messages.error ?? refusal(error, principal, or: "The organization could not be read.")
            return .html(
                OrganizationPage.member(
                    organizationId: organization.id, managementAccount: organization.managementAccount,
                    header: header, messages: messages))
        }
    }

    /// The management account's tree, read page by page as a client of the API would.
    private func organizationTree(_ organization: Organization, request: ConsoleRequest, principal: Principal)
        async throws -> OrganizationPage.Tree
    {
        func call<T: Sendable>(_ action: String, _ body: (OrganizationsService, CallContext) throws -> T)
            async throws -> T
        {
            try await calls.organizations(
                action, as: principal, sourceIp: request.sourceIp, requestId: request.requestId
            ) { service, context in try body(service, context) }
        }
        let roots = try await call("ListRoots") { service, context in
            try service.listRoots(nextToken: nil, maxResults: nil, context).0
        }
        var units = [OrganizationalUnit]()
        var parents = roots.map(\.id)
        while let parent = parents.popLast(), units.count <= Limits.organizationalUnits {
            var marker: String?
            repeat {
                let token = marker
                let (page, next) = try await call("ListOrganizationalUnitsForParent") { service, context in
                    try service.listOrganizationalUnits(parentId: parent, nextToken: token, maxResults: 20, context)
                }
                units += page
                parents += page.map(\.id)
                marker = next
            } while marker != nil
        }
        var accounts = [Account]()
        var marker: String?
        repeat {
            let token = marker
            let (page, _, next) = try await call("ListAccounts") { service, context in
                try service.listAccounts(parentId: nil, nextToken: token, maxResults: 20, context)
            }
            accounts += page
            marker = next
        } while marker != nil
        var requests = [CreateAccountRequestStatus]()
        repeat {
            let token = marker
            let (page, next) = try await call("ListCreateAccountStatus") { service, context in
                try service.listCreateAccountStatus(
                    states: [.inProgress, .failed], nextToken: token, maxResults: 20, context)
            }
            requests += page
            marker = next
        } while marker != nil
        return OrganizationPage.Tree(
            organization: organization, units: units, accounts: accounts,
            requests: requests.sorted { $0.requestedTimestamp > $1.requestedTimestamp })
    }
}
