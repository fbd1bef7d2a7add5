import Foundation
import RampartCore
import RampartServices
import RampartWire

/// The MFA posture dashboard (`/console/posture`) and the lists behind its figures
/// (`/console/posture/list?figure=…`). Its figures hold what the credential report holds, so reading
/// them is authorized as `iam:GetCredentialReport`; the organization view (`?view=organization`) is the
/// management account's, and also needs `organizations:ListAccounts`.
extension Console {
    func posture(_ path: String, request: ConsoleRequest) async -> ConsoleResponse {
        guard let principal = signIn.principal(forSession: sessionToken(request)) else { return noPrincipal(request) }
        let (csrf, cookie) = csrfToken(request)
        let page = await posturePage(path, request, principal, csrf: csrf)
        return cookie.map { page.setting($0) } ?? page
    }

    private func posturePage(_ path: String, _ request: ConsoleRequest, _ principal: Principal, csrf: String) async
        -> ConsoleResponse
    {
        let header = header(request, csrf: csrf)
        let query = (try? QueryInput(formEncoded: request.query))
        let wantsOrganization = query?["view"] == "organization"
        func allowed(_ service: String, _ action: String) -> Bool {
            calls.allows(
                service: service, action: action, as: principal, sourceIp: request.sourceIp,
                requestId: request.requestId)
        }
        guard allowed("iam", "GetCredentialReport") else {
            return .html(
                PosturePage.refused(
                    "The dashboard shows what the credential report shows: iam:GetCredentialReport is not allowed.",
                    header: header), status: 403)
        }
        let service = PostureService(environment: environment)
        let offersOrganization =
            service.managesOrganization(principal.account) && allowed("organizations", "ListAccounts")
        guard !wantsOrganization || offersOrganization,
            let scope = service.scope(of: principal.account, organization: wantsOrganization)
        else {
            return .html(
                PosturePage.refused(
                    "Only the management account of an organization sees the organization's posture.", header: header),
                status: 403)
        }
        var list: PostureList?
        if path == "/console/posture/list" {
            guard let named = query?["figure"].flatMap(PostureList.init(rawValue:)) else {
                return .html(PosturePage.refused("There is no such figure.", header: header), status: 404)
            }
            list = named
        }
        do {
            let (figures, history) = try await service.figures(scope)
            let view = PosturePage.View(
                figures: figures, history: history, organization: wantsOrganization,
                offersOrganization: offersOrganization, now: clock.now)
            return .html(
                list.map { PosturePage.list($0, view, header: header) } ?? PosturePage.render(view, header: header))
        } catch {
            return .html(PosturePage.refused("The posture could not be computed.", header: header), status: 500)
        }
    }
}
