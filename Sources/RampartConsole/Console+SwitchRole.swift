import Foundation
import RampartCore
import RampartServices
import RampartWire

/// Switching roles and back. The switch is SignInService's (STS's AssumeRole from the signed-in
/// identity); this turns it into pages, and gives every signed-in page its header.
extension Console {
    func switchRole(_ path: String, request: ConsoleRequest) async throws -> ConsoleResponse {
        guard let identity = signIn.identity(forSession: sessionToken(request)) else {
            return .redirect("/console/signin")
        }
        guard request.method == "POST" else {
            let query = try? QueryInput(formEncoded: request.query)
            let (csrf, cookie) = csrfToken(request)
            let page = SwitchRolePage.render(
                identity, account: query?["account"] ?? "", role: query?["role"] ?? "",
                header: header(request, csrf: csrf), csrf: csrf)
            return cookie.map { ConsoleResponse.html(page).setting($0) } ?? .html(page)
        }
        guard let form = verifiedForm(request) else { return refused() }
        let csrf = form["csrf"] ?? ""
        if path == "/console/switch-back" {
            try await signIn.switchBack(
                session: sessionToken(request), sourceIp: request.sourceIp, requestId: request.requestId)
            return .redirect("/console")
        }
        let account = form["account"] ?? ""
        let role = form["role"] ?? ""
        do {
            guard
                try await signIn.switchRole(
                    session: sessionToken(request), account: account, role: role, sourceIp: request.sourceIp,
                    requestId: request.requestId) != nil
            else { return .redirect("/console/signin") }
            return .redirect("/console")
        } catch let error as AWSError {
            return .html(
                SwitchRolePage.render(
                    identity, account: account, role: role, header: header(request, csrf: csrf),
                    csrf: csrf, error: PlainRefusal.message(error, principal: identity.signedIn)))
        }
    }

    /// The header for a signed-in page of this request's session; empty when there is no session.
    func header(_ request: ConsoleRequest, csrf: String) -> String {
        let identity = signIn.identity(forSession: sessionToken(request))
        let events = identity?.acting.map { mayLookUpEvents($0, request: request) } ?? false
        let verify = identity.map { mayVerify($0.signedIn) } ?? false
        let administer =
            identity?.acting.map {
                calls.allows(
                    service: "iam", action: "ListUsers", as: $0, sourceIp: request.sourceIp,
                    requestId: request.requestId)
            } ?? false
        return ConsoleHeader.render(
            identity, csrf: csrf, events: events, verify: verify, administer: administer, path: request.path)
    }

    /// Where a request with no principal to act as goes: to switch back when the session lives but its
    /// switched role session has ended, to sign in otherwise.
    /// A session cookie that names no live session had one that ended (expired, or signed out elsewhere):
    /// the sign-in page says so.
    func noPrincipal(_ request: ConsoleRequest) -> ConsoleResponse {
        guard signIn.identity(forSession: sessionToken(request)) == nil else {
            return .redirect("/console/switch-role")
        }
        guard request.cookies[Self.sessionCookie] != nil else { return .redirect("/console/signin") }
        return ConsoleResponse.redirect(ExpiredNotice.session.location)
            .setting(.deleting(Self.sessionCookie, secure: configuration.secureCookies))
    }

    /// What self-service pages answer while the console acts as a role: devices, passwords, recovery
    /// codes and access keys belong to users, and a role session has none.
    func needsUser(_ request: ConsoleRequest, principal: Principal, title: String) -> ConsoleResponse {
        let (csrf, cookie) = csrfToken(request)
        let page = Layout.page(
            title: title,
            body: Layout.message(
                "You are acting as the role \(principal.name) in account \(principal.account.rawValue). "
                    + "MFA devices, passwords, recovery codes and access keys belong to IAM users and root users: "
                    + "a role session has none. Switch back to manage your own.", kind: "notice"),
            header: header(request, csrf: csrf))
        return cookie.map { ConsoleResponse.html(page, status: 403).setting($0) } ?? .html(page, status: 403)
    }
}
